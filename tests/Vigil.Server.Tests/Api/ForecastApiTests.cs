using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary>A server holding a linearly rising series, written through remote write, one sample a minute.</summary>
public sealed class ForecastServerFixture : VigilServerFixture
{
    public static readonly long T = TestTime.BaseMs;

    public const int Count = 100;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // 1000, 1010, …: 10 per minute, with a small deterministic wobble.
        using var response = await RemoteWrite.PostAsync(Client, CancellationToken.None,
            ("queue_depth{job=\"worker\"}", RemoteWrite.Samples(T, Count, i => 1000 + (10 * i) + ((i % 3) - 1), intervalMs: 60_000)));
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary><c>POST /api/v1/forecast</c> on posted points and stored series, and its refusals.</summary>
public sealed class ForecastApiTests(ForecastServerFixture server) : IClassFixture<ForecastServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forecast_PostedLinearFill_CrossesLimitWhereTheLineDoes()
    {
        // 50 + 0.5 per minute over 200 minutes, slight noise: 150 is reached at minute 200, i.e. the first step ahead
        // is 99.5 + 0.5 = 100.5 at minute 101 … and 150 at minute 200 (step 100 of the forecast).
        var t0 = 1_700_000_000.0;
        var points = Enumerable.Range(0, 101).Select(i => new[] { t0 + (60 * i), 50 + (0.5 * i) + (i % 2 == 0 ? 0.05 : -0.05) }).ToArray();

        var data = await PostAsync(new { points, horizon = 150, level = 90 });

        var series = Assert.Single(data.GetProperty("series").EnumerateArray());
        Assert.Equal(60, series.GetProperty("stepSeconds").GetDouble());
        Assert.Equal(90, data.GetProperty("level").GetDouble());
        var forecast = series.GetProperty("forecast").EnumerateArray().ToList();
        Assert.Equal(150, forecast.Count);
        Assert.Equal(t0 + (60 * 101), forecast[0].GetProperty("time").GetDouble());
        Assert.All(forecast, f => Assert.True(
            f.GetProperty("lower").GetDouble() <= f.GetProperty("mean").GetDouble() && f.GetProperty("mean").GetDouble() <= f.GetProperty("upper").GetDouble()));
        var crossing = forecast.FindIndex(f => f.GetProperty("mean").GetDouble() >= 150) + 101;
        Assert.InRange(crossing, 195, 205);
        Assert.False(string.IsNullOrEmpty(series.GetProperty("method").GetString()));
        Assert.Equal(JsonValueKind.Array, series.GetProperty("periods").ValueKind);
    }

    [Fact]
    public async Task Forecast_PostedDailySeason_DetectsThePeriod()
    {
        var t0 = 1_700_000_000.0;
        var points = Enumerable.Range(0, 24 * 14).Select(i => new[] { t0 + (3600 * i), 100 + (20 * Math.Sin(2 * Math.PI * i / 24)) + ((i * 7919 % 13) / 13.0) }).ToArray();

        var data = await PostAsync(new { points, horizon = "1d" });

        var series = Assert.Single(data.GetProperty("series").EnumerateArray());
        Assert.Contains(24, series.GetProperty("periods").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Contains(86_400.0, series.GetProperty("periodsSeconds").EnumerateArray().Select(p => p.GetDouble()));
        Assert.Equal(24, series.GetProperty("forecast").GetArrayLength());
        Assert.Equal(95, data.GetProperty("level").GetDouble());
    }

    [Fact]
    public async Task Forecast_StoredSeriesFromRemoteWrite_ContinuesTheTrend()
    {
        var start = VigilApi.Seconds(ForecastServerFixture.T);
        var end = VigilApi.Seconds(ForecastServerFixture.T + ((ForecastServerFixture.Count - 1) * 60_000));

        var data = await PostAsync(new { match = "queue_depth{job=\"worker\"}", start, end, step = "1m", horizon = "30m" });

        var series = Assert.Single(data.GetProperty("series").EnumerateArray());
        Assert.Equal("worker", series.GetProperty("labels").GetProperty("job").GetString());
        Assert.Equal(ForecastServerFixture.Count, series.GetProperty("historyPoints").GetInt32());
        var forecast = series.GetProperty("forecast").EnumerateArray().ToList();
        Assert.Equal(30, forecast.Count);
        Assert.Equal((ForecastServerFixture.T / 1000.0) + (ForecastServerFixture.Count * 60), forecast[0].GetProperty("time").GetDouble());
        // The line goes on: 1000 + 10·(99 + h).
        Assert.InRange(forecast[^1].GetProperty("mean").GetDouble(), 1000 + (10 * 129) - 30, 1000 + (10 * 129) + 30);
    }

    [Theory]
    [InlineData("""{"horizon": 5}""", "match")]
    [InlineData("""{"match": "up", "points": [[1,1],[2,2],[3,3]], "horizon": 5}""", "match")]
    [InlineData("""{"match": "up{job=", "horizon": 5}""", "match")]
    [InlineData("""{"match": "no_such_metric", "horizon": 5}""", "match")]
    [InlineData("""{"points": [[1,1],[2,2],[3,3]]}""", "horizon")]
    [InlineData("""{"points": [[1,1],[2,2],[3,3]], "horizon": 0}""", "horizon")]
    [InlineData("""{"points": [[1,1],[2,2],[3,3]], "horizon": "soon"}""", "horizon")]
    [InlineData("""{"points": [[1,1],[2,2],[3,3]], "horizon": 5, "level": 150}""", "level")]
    [InlineData("""{"points": [[1,1],[2,2],[3,3]], "horizon": 5, "method": "crystal-ball"}""", "method")]
    [InlineData("""{"points": [[1,1],[2,2]], "horizon": 5}""", "points")]
    [InlineData("""{"points": [[1,1],[1,2],[3,3]], "horizon": 5}""", "points[1]")]
    [InlineData("""{"points": [[1,1],[2],[3,3]], "horizon": 5}""", "points[1]")]
    [InlineData("""{"match": "queue_depth", "start": "yesterday", "horizon": 5}""", "start")]
    [InlineData("""{"match": "queue_depth", "step": "-1m", "horizon": 5}""", "step")]
    public async Task Forecast_BadParameter_400NamingIt(string body, string parameter)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("api/v1/forecast", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var document = JsonDocument.Parse(text);
        Assert.Equal("bad_data", document.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith(parameter + ":", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_ForecastAndCapacityEndpoints_Documented()
    {
        using var response = await server.Client.GetAsync("openapi/v1.json", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains("\"/api/v1/forecast\"", text, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/capacity/targets\"", text, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/capacity/targets/{name}\"", text, StringComparison.Ordinal);
        Assert.Contains("ForecastRequest", text, StringComparison.Ordinal);
    }

    private async Task<JsonElement> PostAsync(object body)
    {
        using var response = await server.Client.PostAsJsonAsync("api/v1/forecast", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("data").Clone();
    }
}
