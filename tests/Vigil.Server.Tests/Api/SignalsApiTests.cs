using System.Net;
using System.Text.Json;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary><c>/api/v1/signals</c>: the default detector's anomalies, written through remote write, with filters.</summary>
public sealed class SignalsApiTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Entity = "sig_latency_seconds{job=\"api\"}";

    [Fact]
    public async Task GetSignals_SpikeThenNormal_AnomalyOpensThenCloses()
    {
        var t = TestTime.BaseMs;
        // 150 points of 100–104 (the default detector stays quiet for its first 100), then one of 1000: the spike is
        // the only anomaly.
        var normal = RemoteWrite.Samples(t, 150, i => 100 + (i % 5));
        var spikeAt = t + (150 * 1000);
        using (var first = await RemoteWrite.PostAsync(server.Client, Ct, (Entity, [.. normal, new Sample(spikeAt, 1000)])))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        var open = Assert.Single(await SignalsAsync("kind=MetricAnomaly&open=true"));
        Assert.Equal("MetricAnomaly", open.GetProperty("kind").GetString());
        Assert.Equal(Entity, open.GetProperty("entity").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(spikeAt), open.GetProperty("start").GetDateTimeOffset());
        Assert.False(open.TryGetProperty("end", out _));
        Assert.True(open.GetProperty("severity").GetInt32() >= 90, open.ToString());
        Assert.Equal("critical", open.GetProperty("band").GetString());
        Assert.Equal("1000", open.GetProperty("evidence").GetProperty("observed").GetString());
        Assert.Equal("api", open.GetProperty("labels").GetProperty("job").GetString());
        Assert.Equal(open.ToString(), Assert.Single(await SignalsAsync($"entity={Uri.EscapeDataString(Entity)}&min_severity=90")).ToString());
        Assert.Empty(await SignalsAsync("kind=ExternalAlert"));
        Assert.Empty(await SignalsAsync("open=false"));

        // Five normal points (Engine:PointsToClearSignal) end it, at the fifth.
        var after = RemoteWrite.Samples(spikeAt + 1000, 5, i => 100 + (i % 5));
        using (var second = await RemoteWrite.PostAsync(server.Client, Ct, (Entity, after)))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        Assert.Empty(await SignalsAsync("open=true"));
        var closed = Assert.Single(await SignalsAsync("open=false"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(after[^1].TimestampMs), closed.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(open.GetProperty("fingerprint").GetString(), closed.GetProperty("fingerprint").GetString());
        Assert.Single(await SignalsAsync($"from={VigilApi.Seconds(spikeAt)}&to={VigilApi.Seconds(spikeAt + 10_000)}"));
    }

    [Theory]
    [InlineData("kind=Bogus", "kind")]
    [InlineData("from=soon", "from")]
    [InlineData("to=later", "to")]
    [InlineData("min_severity=101", "min_severity")]
    [InlineData("limit=0", "limit")]
    [InlineData("open=maybe", "open")]
    [InlineData("min_severity=high", "min_severity")]
    [InlineData("limit=many", "limit")]
    public async Task GetSignals_BadParameter_400NamingIt(string query, string parameter)
    {
        using var response = await server.Client.GetAsync($"api/v1/signals?{query}", Ct);

        var error = await VigilApi.ErrorOfAsync(response, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {error}");
        Assert.StartsWith(parameter + ":", error, StringComparison.Ordinal);
    }

    private async Task<JsonElement[]> SignalsAsync(string query) =>
        [.. (await VigilApi.GetDataAsync(server.Client, $"api/v1/signals?{query}", Ct)).EnumerateArray()];
}
