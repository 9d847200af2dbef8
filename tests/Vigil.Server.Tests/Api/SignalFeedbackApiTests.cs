using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Core.Series;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary>
/// <c>/api/v1/signals/{fingerprint}/{start}/feedback</c>: a verdict is recorded, and a false positive keeps the
/// series quiet about anomalies like it while an identical series without the verdict still alerts.
/// </summary>
public sealed class SignalFeedbackApiTests(SignalFeedbackApiTests.Fixture server) : IClassFixture<SignalFeedbackApiTests.Fixture>
{
    /// <summary>
    /// A server alerting from NAB's threshold (0.48) on any single point, where the ensemble's score for a repeated
    /// spike (about 0.55) still opens a signal: the control series must alert again for the test to show what the
    /// verdict changes.
    /// </summary>
    public sealed class Fixture : VigilServerFixture
    {
        protected override void Configure(ServerOptions options)
        {
            options.Engine.AnomalyThreshold = Vigil.Detection.DetectorCatalog.DefaultThreshold;
            options.Engine.LoneAnomalyScore = Vigil.Detection.DetectorCatalog.DefaultThreshold;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const long Step = 15_000;

    // Noise around 100–104, with the same 1000 spike at 150, 311 and 457 (irregular gaps, so no period explains them).
    private static Sample[] Points(long t0, int from, int to)
    {
        var random = new Random(5);
        var result = new List<Sample>();
        for (var i = 0; i < to; i++)
        {
            var value = i is 150 or 311 or 457 ? 1000 : 100 + (random.NextDouble() * 4);
            if (i >= from)
            {
                result.Add(new Sample(t0 + (i * Step), value));
            }
        }
        return [.. result];
    }

    [Fact]
    public async Task FalsePositive_QuietsTheSeriesAboutTheSameSpike_WhileAControlStillAlerts()
    {
        var t0 = TestTime.BaseMs - (500 * Step);
        const string Muted = "fb_queue_depth{job=\"worker\",queue=\"muted\"}";
        const string Control = "fb_queue_depth{job=\"worker\",queue=\"control\"}";
        await WriteAsync(t0, 0, 200, Muted, Control);

        var first = await OpenedAsync(Muted);
        Assert.Single(first);
        var fingerprint = first[0].GetProperty("fingerprint").GetString()!;
        var start = first[0].GetProperty("start").GetDateTimeOffset();

        using (var verdict = await PostFeedbackAsync(fingerprint, start.ToString("O"), new { verdict = "false_positive", actor = "alice", comment = "batch job" }))
        {
            Assert.Equal(HttpStatusCode.OK, verdict.StatusCode);
            var data = (await verdict.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("data");
            Assert.Equal("false_positive", Assert.Single(data.GetProperty("feedback").EnumerateArray()).GetProperty("verdict").GetString());
            Assert.True(data.GetProperty("appliedToDetector").GetBoolean());
        }

        await WriteAsync(t0, 200, 500, Muted, Control);

        var control = await OpenedAsync(Control);
        Assert.True(control.Length >= 2, $"precondition: without a verdict the repeated spikes alert again ({control.Length} signals)");
        Assert.Single(await OpenedAsync(Muted));

        var detail = await VigilApi.GetDataAsync(server.Client, $"api/v1/signals/{fingerprint}/{Uri.EscapeDataString(start.ToString("O"))}", Ct);
        var recorded = Assert.Single(detail.GetProperty("feedback").EnumerateArray());
        Assert.Equal("alice", recorded.GetProperty("actor").GetString());
        Assert.Equal("batch job", recorded.GetProperty("comment").GetString());
        Assert.Equal(fingerprint, detail.GetProperty("signal").GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task TwoVerdicts_BothShownOldestFirst()
    {
        var t0 = TestTime.BaseMs - (500 * Step);
        const string Series = "fb_latency{job=\"a\"}";
        await WriteAsync(t0, 0, 160, Series);
        var signal = Assert.Single(await OpenedAsync(Series));
        var start = signal.GetProperty("start").GetDateTimeOffset().ToString("O");
        var fingerprint = signal.GetProperty("fingerprint").GetString()!;
        var detail = await VigilApi.GetDataAsync(server.Client, $"api/v1/signals/{fingerprint}/{Uri.EscapeDataString(start)}", Ct);
        Assert.Empty(detail.GetProperty("feedback").EnumerateArray());

        using (var first = await PostFeedbackAsync(fingerprint, start, new { verdict = "false_positive", actor = "ana", comment = "deploy noise" }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var second = await PostFeedbackAsync(fingerprint, start, new { verdict = "confirmed", actor = "bo" }))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var feedback = (await VigilApi.GetDataAsync(server.Client, $"api/v1/signals/{fingerprint}/{Uri.EscapeDataString(start)}", Ct))
            .GetProperty("feedback").EnumerateArray().ToList();
        Assert.Equal(["false_positive", "confirmed"], feedback.Select(f => f.GetProperty("verdict").GetString()));
        Assert.Equal("deploy noise", feedback[0].GetProperty("comment").GetString());
        Assert.False(feedback[1].TryGetProperty("comment", out _));
    }

    [Theory]
    [InlineData("{\"verdict\":\"meh\",\"actor\":\"a\"}", "verdict")]
    [InlineData("{\"verdict\":\"confirmed\"}", "actor")]
    [InlineData("{\"verdict\":\"confirmed\",\"actor\":\"\"}", "actor")]
    public async Task BadBody_400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("api/v1/signals/0123456789abcdef/1700000000/feedback", content, Ct);
        var error = await VigilApi.ErrorOfAsync(response, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {error}");
        Assert.StartsWith(field + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSignal_404()
    {
        using var response = await PostFeedbackAsync("0123456789abcdef", "1700000000", new { verdict = "confirmed", actor = "bob" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var get = await server.Client.GetAsync("api/v1/signals/0123456789abcdef/1700000000", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task BadStart_400()
    {
        using var response = await PostFeedbackAsync("0123456789abcdef", "yesterday", new { verdict = "confirmed", actor = "bob" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("start:", await VigilApi.ErrorOfAsync(response, Ct), StringComparison.Ordinal);
    }

    private async Task WriteAsync(long t0, int from, int to, params string[] series)
    {
        // A few requests, as a scraper would send them.
        for (var at = from; at < to; at += 50)
        {
            var points = Points(t0, at, Math.Min(to, at + 50));
            using var response = await RemoteWrite.PostAsync(server.Client, Ct, [.. series.Select(s => (s, points))]);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    private async Task<JsonElement[]> OpenedAsync(string series) =>
        [.. (await VigilApi.GetDataAsync(server.Client, $"api/v1/signals?kind=MetricAnomaly&entity={Uri.EscapeDataString(SeriesKey.Parse(series).ToString())}", Ct)).EnumerateArray()];

    private Task<HttpResponseMessage> PostFeedbackAsync(string fingerprint, string start, object body) =>
        server.Client.PostAsJsonAsync($"api/v1/signals/{fingerprint}/{Uri.EscapeDataString(start)}/feedback", body, Ct);
}
