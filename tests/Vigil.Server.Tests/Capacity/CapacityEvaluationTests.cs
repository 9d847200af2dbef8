using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Server.Capacity;
using Vigil.Server.Capacity.Hosting;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Capacity;

/// <summary>
/// A server whose capacity evaluation runs on a fake clock (the silo keeps real time), every minute, with disks
/// written through remote write: one filling, one flat, one filling against a limit series.
/// </summary>
public sealed class CapacityServerFixture : VigilServerFixture
{
    /// <summary>Now: the last sample of each disk.</summary>
    public static readonly long NowMs = TestTime.BaseMs + (2 * 3_600_000);

    public const int Points = 120;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(NowMs));

    public CapacityEvaluationService Evaluation => App.Services.GetRequiredService<CapacityEvaluationService>();

    public ISignalStore Signals => App.Services.GetRequiredService<ISignalStore>();

    protected override void Configure(ServerOptions options) => options.Capacity.Interval = TimeSpan.FromMinutes(1);

    protected override void ConfigureBuilder(WebApplicationBuilder builder) =>
        builder.Services.AddKeyedSingleton<TimeProvider>(CapacityHostingExtensions.ClockKey, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var startMs = NowMs - ((Points - 1) * 60_000L);
        // Deterministic wobble of ±10 MB around each line.
        double Wobble(int i) => ((i * 7919 % 5) - 2) * 5e6;
        using var response = await RemoteWrite.PostAsync(Client, CancellationToken.None,
            // 80 GB + 25 MB a minute: 82.975 GB now, 100 GB in about 681 minutes (0.47 days).
            ("disk_used_bytes{instance=\"host-7\",mountpoint=\"/var\"}", RemoteWrite.Samples(startMs, Points, i => 80e9 + (25e6 * i) + Wobble(i), 60_000)),
            ("disk_used_bytes{instance=\"host-8\",mountpoint=\"/var\"}", RemoteWrite.Samples(startMs, Points, i => 50e9 + Wobble(i), 60_000)),
            // Against a limit series of the same labels: 40 GB + 50 MB a minute towards 50 GB: about 81 minutes.
            ("data_used_bytes{instance=\"host-9\",mountpoint=\"/data\"}", RemoteWrite.Samples(startMs, Points, i => 40e9 + (50e6 * i) + Wobble(i), 60_000)),
            ("data_size_bytes{instance=\"host-9\",mountpoint=\"/data\"}", RemoteWrite.Samples(startMs, Points, _ => 50e9, 60_000)),
            ("sparse_bytes{instance=\"host-1\"}", RemoteWrite.Samples(NowMs - 60_000, 2, i => i, 60_000)));
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Advances the clock one interval and waits for the pass that tick starts: an explicit phase barrier.</summary>
    public async Task NextPassAsync()
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Evaluation.WaitForPassAsync(Clock.GetUtcNow()).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }
}

/// <summary>Periodic evaluation of capacity targets: findings stored, breaches as ForecastBreach signals.</summary>
public sealed class CapacityEvaluationTests(CapacityServerFixture server) : IClassFixture<CapacityServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Evaluation_FillingAndFlatDisk_OneForecastBreachForTheFillingOne_EndedWhenNoLongerPredicted()
    {
        await PutAsync("var-disk", new { match = "disk_used_bytes{mountpoint=\"/var\"}", limit = 100e9, step = "1m", lookback = "3h", horizon = "1d" });

        await server.NextPassAsync();

        var target = await VigilApi.GetDataAsync(server.Client, "api/v1/capacity/targets/var-disk", Ct);
        var findings = target.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("series").GetString()!);
        Assert.Equal(2, findings.Count);
        var filling = findings.Single(f => f.Key.Contains("host-7", StringComparison.Ordinal)).Value;
        var flat = findings.Single(f => f.Key.Contains("host-8", StringComparison.Ordinal)).Value;
        Assert.Equal("Expected", filling.GetProperty("outcome").GetString());
        Assert.InRange(filling.GetProperty("medianDays").GetDouble(), 0.35, 0.6);
        Assert.True(filling.GetProperty("lowerDays").GetDouble() <= filling.GetProperty("medianDays").GetDouble());
        Assert.InRange(filling.GetProperty("probability").GetDouble(), 0.5, 1);
        Assert.Equal(80, filling.GetProperty("level").GetDouble());
        Assert.Equal("NotExpected", flat.GetProperty("outcome").GetString());

        var open = await OpenBreachesAsync("var-disk");
        var signal = Assert.Single(open);
        Assert.Contains("host-7", signal.Entity, StringComparison.Ordinal);
        Assert.StartsWith("var-disk /var on host-7: fills in ~", signal.Summary, StringComparison.Ordinal);
        Assert.Contains("80% interval", signal.Summary, StringComparison.Ordinal);
        Assert.Equal("var-disk", signal.Labels["capacity_target"]);

        // Still predicted at the next pass: the same signal, not a second one.
        await server.NextPassAsync();
        var again = Assert.Single(await OpenBreachesAsync("var-disk"));
        Assert.Equal(signal.Fingerprint, again.Fingerprint);
        Assert.Equal(signal.Start, again.Start);

        // A limit far away: no longer predicted, the signal ends.
        await PutAsync("var-disk", new { match = "disk_used_bytes{mountpoint=\"/var\"}", limit = 1e15, step = "1m", lookback = "3h", horizon = "1d" });
        await server.NextPassAsync();
        Assert.Empty(await OpenBreachesAsync("var-disk"));
        var ended = await server.Signals.FindAsync(signal.Fingerprint, signal.Start, Ct);
        Assert.NotNull(ended);
        Assert.Equal(server.Clock.GetUtcNow(), ended.End);
    }

    [Fact]
    public async Task Evaluation_LimitSeriesWithSameLabels_TimeToThatLimit()
    {
        await PutAsync("data-disk", new { match = "data_used_bytes", limitMatch = "data_size_bytes", step = "1m", lookback = "3h", horizon = "1d" });

        await server.NextPassAsync();

        var target = await VigilApi.GetDataAsync(server.Client, "api/v1/capacity/targets/data-disk", Ct);
        var finding = Assert.Single(target.GetProperty("findings").EnumerateArray());
        Assert.Equal("Expected", finding.GetProperty("outcome").GetString());
        // 81 minutes from the last sample, seen one or more minutes later.
        Assert.InRange(finding.GetProperty("medianDays").GetDouble() * 24 * 60, 60, 95);
        Assert.Equal(50e9, finding.GetProperty("limitValue").GetDouble());
        Assert.Single(await OpenBreachesAsync("data-disk"));
    }

    [Fact]
    public async Task Delete_TargetWithOpenBreach_EndsTheSignal()
    {
        await PutAsync("doomed", new { match = "disk_used_bytes{instance=\"host-7\"}", limit = 100e9, step = "1m", lookback = "3h", horizon = "1d" });
        await server.NextPassAsync();
        Assert.Single(await OpenBreachesAsync("doomed"));

        using var response = await server.Client.DeleteAsync("api/v1/capacity/targets/doomed", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await OpenBreachesAsync("doomed"));
    }

    [Fact]
    public async Task Evaluate_TooFewPoints_FailedFindingStoredAndNoSignal()
    {
        await PutAsync("sparse", new { match = "sparse_bytes", limit = 10, step = "1m", lookback = "1h", horizon = "1d" });

        using var response = await server.Client.PostAsync("api/v1/capacity/targets/sparse/evaluate", null, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var stored = await VigilApi.GetDataAsync(server.Client, "api/v1/capacity/targets/sparse", Ct);
        var finding = Assert.Single(stored.GetProperty("findings").EnumerateArray());
        Assert.Equal("Failed", finding.GetProperty("outcome").GetString());
        Assert.Contains("fewer than three points", finding.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Empty(await OpenBreachesAsync("sparse"));
    }

    private async Task PutAsync(string name, object body)
    {
        using var response = await server.Client.PutAsJsonAsync($"api/v1/capacity/targets/{name}", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private async Task<List<Signal>> OpenBreachesAsync(string target) =>
        [.. (await server.Signals.QueryAsync(new SignalQuery { Kind = SignalKind.ForecastBreach, Open = true }, Ct))
            .Where(s => s.Entity.StartsWith(CapacitySignals.EntityOf(target, ""), StringComparison.Ordinal))];
}
