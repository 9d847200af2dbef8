using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Engine.Logs;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>A server whose clock the test moves a minute at a time (log lines are stamped with arrival time).</summary>
public sealed class FakeClockLogsServerFixture : VigilServerFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(TestTime.BaseMs));

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TimeProvider>(Clock);
        // Ticks often (real time) so that a silent minute is closed within the test; "now" is still the fake clock.
        builder.Services.AddSingleton(new LogShardOptions { WarmupLines = 0, TickInterval = TimeSpan.FromMilliseconds(50) });
    }
}

/// <summary>Template rate and error/warning share anomalies, end to end: JSON lines in, LogAnomaly signals out of the API.</summary>
public sealed class LogAnomalySignalTests(FakeClockLogsServerFixture server) : IClassFixture<FakeClockLogsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_ErrorBurstAfterHalfAnHourOfNormalTraffic_LogAnomalySignalsWithTemplateExamplesAndParameters()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            await PostMinuteAsync(Lines(100, i => $$"""{"level":"info","msg":"request {{i}} served in {{10 + (i % 9)}} ms"}""")
                + Lines(minute % 3, i => $$"""{"level":"warn","msg":"slow query took {{900 + i}} ms"}""")
                + Lines(minute % 2, i => $$"""{"level":"error","msg":"payment to gateway-{{i % 2}} failed with code {{500 + (i % 3)}}"}"""));
        }
        await PostMinuteAsync(Lines(100, i => $$"""{"level":"info","msg":"request {{i}} served in {{10 + (i % 9)}} ms"}""")
            + Lines(80, i => $$"""{"level":"error","msg":"payment to gateway-{{i % 2}} failed with code {{500 + (i % 3)}}"}"""));
        await PostMinuteAsync(Lines(100, i => $$"""{"level":"info","msg":"request {{i}} served in {{10 + (i % 9)}} ms"}"""));

        var signals = (await VigilApi.GetDataAsync(server.Client, "api/v1/signals?kind=LogAnomaly&entity=service%2Fshop", Ct)).EnumerateArray().ToArray();
        var share = Assert.Single(signals, s => s.GetProperty("evidence").GetProperty("measure").GetString() == "share of error/warning lines per minute");
        var evidence = share.GetProperty("evidence");
        Assert.Equal("80", evidence.GetProperty("error_lines").GetString());
        Assert.Equal("payment to gateway-<*> failed with code <*>", evidence.GetProperty("driver_1_template").GetString());
        Assert.Equal("payment to gateway-0 failed with code 500", evidence.GetProperty("driver_1_example_1").GetString());
        Assert.StartsWith("3 values, 2 distinct: 0 ×2, 1 ×1", evidence.GetProperty("driver_1_param_1").GetString(), StringComparison.Ordinal);
        Assert.Equal("shop", share.GetProperty("labels").GetProperty("service").GetString());

        var rate = Assert.Single(signals, s => s.GetProperty("evidence").GetProperty("measure").GetString() == "lines per minute");
        Assert.Equal("payment to gateway-<*> failed with code <*>", rate.GetProperty("evidence").GetProperty("template").GetString());
        Assert.Equal("80", rate.GetProperty("evidence").GetProperty("observed").GetString());
        Assert.Matches(@"^16 values, 3 distinct: .*; numeric \(16\) min 500, median 50\d(\.5)?, max 502$", rate.GetProperty("evidence").GetProperty("param_2").GetString());
    }

    [Fact]
    public async Task Tick_HeartbeatSourceFallsSilent_RateFellSignalWithoutAnotherLine()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            await PostMinuteAsync(Lines(60, i => $$"""{"msg":"heartbeat {{i}} from worker"}"""), "silent");
        }
        // Two minutes (and the grace) pass with no line: the log shard's tick closes them.
        server.Clock.Advance(TimeSpan.FromMinutes(1.5));

        var deadline = Stopwatch.StartNew();
        JsonElement[] signals;
        do
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "no LogAnomaly signal for the silent source");
            await Task.Delay(50, Ct);
            // The shard's timer runs on this clock: a tick still busy when the clock jumped waits for the next period.
            server.Clock.Advance(TimeSpan.FromMilliseconds(50));
            signals = [.. (await VigilApi.GetDataAsync(server.Client, "api/v1/signals?kind=LogAnomaly&entity=service%2Fsilent", Ct)).EnumerateArray()];
        }
        while (signals.Length == 0);

        var evidence = Assert.Single(signals).GetProperty("evidence");
        Assert.Equal("0", evidence.GetProperty("observed").GetString());
        Assert.Equal("heartbeat <*> from worker", evidence.GetProperty("template").GetString());
    }

    private async Task PostMinuteAsync(string body, string source = "shop")
    {
        using var response = await server.Client.PostAsync($"api/v1/logs?source={source}", new StringContent(body, Encoding.UTF8), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static string Lines(int count, Func<int, string> line) =>
        string.Concat(Enumerable.Range(0, count).Select(i => line(i) + "\n"));
}
