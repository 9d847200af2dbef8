using System.Text.Json;
using Vigil.Server.Demo;
using Vigil.Server.Tests.Infrastructure;
using Vigil.Simulation.Demo;

namespace Vigil.Server.Tests.Demo;

/// <summary>The demo feeder against a real server: history and live frames through the real receivers over HTTP.</summary>
public sealed class DemoFeederTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_HistoryWithAFaultThenLive_SeriesLogsAndSignalsArrive()
    {
        // 40 minutes of 5 s history with an outage 10 minutes before going live, then a few seconds of live frames.
        var options = new DemoOptions
        {
            Services = 20,
            Backfill = TimeSpan.FromMinutes(40),
            FirstFault = TimeSpan.FromMinutes(-10),
            FaultDuration = TimeSpan.FromMinutes(3),
            Step = TimeSpan.FromSeconds(5),
        };
        var scenario = new DemoScenario(options, seed: 7, TimeProvider.System.GetUtcNow());
        var log = new StringWriter();
        var feeder = new DemoFeeder(server.Client, server.BaseAddress, scenario, TimeProvider.System, log);

        await feeder.RunAsync(scenario.LiveFrom + TimeSpan.FromSeconds(6), Ct);

        var totals = feeder.Totals;
        Assert.Equal(482, totals.Frames);
        Assert.Equal(482L * 20 * 7, totals.Samples);
        Assert.True(totals.Faults >= 1);
        var outage = scenario.Faults[0].Truth;
        Assert.Contains($"fault {outage.Id} DependencyOutage at {outage.Root}", log.ToString(), StringComparison.Ordinal);

        var series = await VigilApi.GetDataAsync(server.Client, "api/v1/series?match[]=" + Uri.EscapeDataString("{job=~\".+\"}"), Ct);
        // Other tests of the class share the server: count this fleet's series (service and instance as placed here).
        var placed = scenario.Fleet.Services.Select(static s => (s.Name, s.Instance)).ToHashSet();
        Assert.Equal(20 * 7, series.EnumerateArray().Count(s => placed.Contains((s.GetProperty("service").GetString()!, s.GetProperty("instance").GetString()!))));
        var root = scenario.Fleet[outage.Root];
        var rootSeries = series.EnumerateArray().Where(s => s.GetProperty("service").GetString() == root.Name && s.GetProperty("instance").GetString() == root.Instance).ToList();
        Assert.Equal(7, rootSeries.Count);

        var lines = await VigilApi.GetDataAsync(server.Client, $"api/v1/logs/lines?source={Uri.EscapeDataString(root.Name)}&q=connection%20refused&limit=5", Ct);
        Assert.True(lines.GetArrayLength() > 0, "the outage's error lines reached the log store");

        var topology = await VigilApi.GetDataAsync(server.Client, "api/v1/topology?source=declared", Ct);
        Assert.Equal(scenario.Fleet.Edges.Length, topology.GetProperty("edges").GetArrayLength());
        Assert.Contains(topology.GetProperty("edges").EnumerateArray(), e =>
            e.GetProperty("from").GetString() == $"service/{scenario.Fleet.CallersOf(root.Name)[0].Caller}" && e.GetProperty("to").GetString() == $"service/{root.Name}");

        var signals = await VigilApi.GetDataAsync(server.Client, "api/v1/signals?limit=10000", Ct);
        var kinds = signals.EnumerateArray().Select(static s => (Kind: s.GetProperty("kind").GetString(), Entity: s.GetProperty("entity").GetString()!)).ToList();
        Assert.Contains(("ExternalAlert", $"service/{root.Name}"), kinds);
        Assert.Contains(kinds, k => k.Kind == "MetricAnomaly" && k.Entity.Contains($"service=\"{root.Name}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Deploys_PostedAsChanges()
    {
        // Three hours of history at one frame a minute: a few unrelated deploys happen in it. They are random draws
        // whose place in the sequence moves with the hour (the log volume, drawn from the same generator, follows the
        // daily cycle), so a given seed has none at some hours: take the first seed whose history holds some.
        var now = TimeProvider.System.GetUtcNow();
        var (scenario, sent) = Enumerable.Range(3, 20)
            .Select(seed => new DemoScenario(new DemoOptions { Services = 20, Backfill = TimeSpan.FromHours(3), Step = TimeSpan.FromMinutes(1) }, seed, now))
            .Select(static s => (Scenario: s, Sent: s.Simulator.Run(s.HistoryStart, s.LiveFrom).SelectMany(static f => f.Changes).ToList()))
            .First(static s => s.Sent.Count > 0);
        var feeder = new DemoFeeder(server.Client, server.BaseAddress, scenario, TimeProvider.System);

        await feeder.RunAsync(scenario.LiveFrom, Ct);

        var changes = await VigilApi.GetDataAsync(server.Client, "api/v1/changes?limit=10000", Ct);
        Assert.All(sent, static c => Assert.Equal(Core.Topology.ChangeKind.Deploy, c.Kind));
        Assert.Equal(sent.Count, changes.EnumerateArray().Count(c => sent.Exists(s => c.GetProperty("entity").GetString() == $"service/{s.Entity}" && c.GetProperty("description").GetString() == s.Description)));
    }

    [Fact]
    public async Task RunAsync_ServerRefuses_ThrowsNamingThePathAndAnswer()
    {
        var scenario = new DemoScenario(new DemoOptions { Services = 20, Backfill = TimeSpan.FromMinutes(1) }, seed: 1, TimeProvider.System.GetUtcNow());
        var feeder = new DemoFeeder(server.Client, new Uri(server.BaseAddress, "no-such-prefix/"), scenario, TimeProvider.System);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => feeder.RunAsync(scenario.LiveFrom, Ct));

        Assert.Contains("PUT api/v1/topology answered 404", error.Message, StringComparison.Ordinal);
    }
}
