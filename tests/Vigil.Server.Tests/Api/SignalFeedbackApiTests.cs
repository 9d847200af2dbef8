using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary><c>GET /api/v1/signals/{fingerprint}/{start}</c> and its <c>/feedback</c>: verdicts stored and shown.</summary>
public sealed class SignalFeedbackApiTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> SpikeSignalAsync(string series)
    {
        var t = TestTime.BaseMs;
        using (var response = await RemoteWrite.PostAsync(server.Client, Ct, (series, [.. RemoteWrite.Samples(t, 40, i => 10 + (i % 3)), new Sample(t + 40_000, 900)])))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        var signals = await VigilApi.GetDataAsync(server.Client, $"api/v1/signals?entity={Uri.EscapeDataString(series)}", Ct);
        return Assert.Single(signals.EnumerateArray());
    }

    private static string PathOf(JsonElement signal) =>
        $"api/v1/signals/{signal.GetProperty("fingerprint").GetString()}/{Uri.EscapeDataString(signal.GetProperty("start").GetString()!)}";

    [Fact]
    public async Task PostFeedback_TwoVerdicts_BothShownOldestFirst()
    {
        var signal = await SpikeSignalAsync("fb_latency{job=\"a\"}");
        var path = PathOf(signal);
        var detail = await VigilApi.GetDataAsync(server.Client, path, Ct);
        Assert.Equal(signal.GetProperty("summary").GetString(), detail.GetProperty("signal").GetProperty("summary").GetString());
        Assert.Empty(detail.GetProperty("feedback").EnumerateArray());

        using (var first = await server.Client.PostAsJsonAsync(path + "/feedback", new { verdict = "false_positive", actor = "ana", comment = "deploy noise" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var second = await server.Client.PostAsJsonAsync(path + "/feedback", new { verdict = "confirmed", actor = "bo" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var feedback = (await VigilApi.GetDataAsync(server.Client, path, Ct)).GetProperty("feedback").EnumerateArray().ToList();
        Assert.Equal(["false_positive", "confirmed"], feedback.Select(f => f.GetProperty("verdict").GetString()));
        Assert.Equal("ana", feedback[0].GetProperty("actor").GetString());
        Assert.Equal("deploy noise", feedback[0].GetProperty("comment").GetString());
        Assert.False(feedback[1].TryGetProperty("comment", out _));
    }

    [Theory]
    [InlineData("maybe", "ana", "verdict")]
    [InlineData("confirmed", "", "actor")]
    public async Task PostFeedback_BadBody_400NamingTheField(string verdict, string actor, string field)
    {
        var signal = await SpikeSignalAsync($"fb_bad_{field}{{job=\"b\"}}");
        using var response = await server.Client.PostAsJsonAsync(PathOf(signal) + "/feedback", new { verdict, actor }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{field}:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostFeedback_UnknownSignal_404()
    {
        using var response = await server.Client.PostAsJsonAsync("api/v1/signals/0123456789abcdef/2026-01-01T00:00:00Z/feedback", new { verdict = "confirmed", actor = "x" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no signal with fingerprint 0123456789abcdef", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSignal_StartNotATime_400()
    {
        using var response = await server.Client.GetAsync("api/v1/signals/0123456789abcdef/yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("start:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
