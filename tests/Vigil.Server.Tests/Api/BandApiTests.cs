using System.Diagnostics;
using System.Net;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary><c>GET /api/v1/band</c>: stored samples through the default detector, reduced server-side.</summary>
public sealed class BandApiTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetBand_SevenDaysAt15s_ArrivesAsAtMost2000PointsWithBandAndAnomaly()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000 * 1000;
        var start = now - (7 * 86_400_000L);
        var random = new Random(7);
        const int count = 7 * 24 * 240;
        var spikeIndex = count - 2000;
        var samples = RemoteWrite.Samples(start, count, i => 50 + (5 * Math.Sin(i / 240.0 * Math.PI)) + random.NextDouble() + (i == spikeIndex ? 400 : 0), intervalMs: 15_000);
        using (var response = await RemoteWrite.PostAsync(server.Client, Ct, ("band_week_gauge{job=\"band\"}", samples)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var watch = Stopwatch.StartNew();
        var data = await VigilApi.GetDataAsync(server.Client,
            $"api/v1/band?match[]={Uri.EscapeDataString("band_week_gauge")}&start={VigilApi.Seconds(start)}&end={VigilApi.Seconds(now)}", Ct);
        watch.Stop();
        var series = Assert.Single(data.GetProperty("series").EnumerateArray());
        Assert.Equal(count, series.GetProperty("rawPoints").GetInt32());
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(points.Count, 1500, 2000);
        // [t, value, expected, lower, upper, score]: a band around most points.
        Assert.True(points.Count(p => p[3].ValueKind == System.Text.Json.JsonValueKind.Number && p[4].GetDouble() > p[3].GetDouble()) > points.Count * 0.9);
        var spikeAt = (start + (spikeIndex * 15_000L)) / 1000.0;
        Assert.Contains(series.GetProperty("anomalies").EnumerateArray(), a => Math.Abs(a[0].GetDouble() - spikeAt) < 0.001 && a[1].GetDouble() > 400);
        Assert.Equal("value", series.GetProperty("measure").GetString());
        Assert.Equal(2 * 86_400, data.GetProperty("warmupSeconds").GetDouble());
        TestContext.Current.TestOutputHelper?.WriteLine($"band of {count} points over 7 days: {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("", "match[]")]
    [InlineData("match[]=up{", "match[]")]
    [InlineData("match[]=up&start=soon", "start")]
    [InlineData("match[]=up&start=100&end=50", "start")]
    [InlineData("match[]=up&points=3", "points")]
    public async Task GetBand_BadParameter_400NamingIt(string query, string parameter)
    {
        using var response = await server.Client.GetAsync($"api/v1/band?{query}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{parameter}:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
