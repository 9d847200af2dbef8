using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Auth;
using Vigil.Server.Tests.Infrastructure;
using static Vigil.Server.Tests.Api.AnomalyDetector.AnomalyDetectorClient;

namespace Vigil.Server.Tests.Api.AnomalyDetector;

/// <summary>What the Anomaly Detector routes promise beyond shape: directions, sensitivity, last = entire's last, change points.</summary>
public sealed class AnomalyDetectorBehaviourTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Four years of a deterministic monthly season with a small ripple, a dip at 30 and a spike at 40.</summary>
    private static JsonObject SeasonalWithDipAndSpike() => MonthlyRequest(48, i =>
        (i == 30 ? -60 : i == 40 ? 80 : 0) + 500 + (40 * Math.Sin(i * Math.PI / 6)) + (3 * Math.Sin(i * 1.7)));

    [Fact]
    public async Task PostEntire_DipAndSpike_NegativeAndPositiveAnomaliesAndPeriod12()
    {
        var (status, body, _) = await PostAsync(server.Client, Entire, SeasonalWithDipAndSpike().ToJsonString(), Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(12, body.GetProperty("period").GetInt32());
        Assert.Equal([30, 40], TrueIndices(body.GetProperty("isAnomaly")));
        Assert.Equal([30], TrueIndices(body.GetProperty("isNegativeAnomaly")));
        Assert.Equal([40], TrueIndices(body.GetProperty("isPositiveAnomaly")));
    }

    [Fact]
    public async Task PostEntire_HigherSensitivity_NarrowerMarginsAndNoFewerAnomalies()
    {
        var margins = new List<double>();
        var anomalies = new List<int>();
        foreach (var sensitivity in new[] { 0, 50, 80, 95, 99 })
        {
            var request = SeasonalWithDipAndSpike();
            request["sensitivity"] = sensitivity;
            var (_, body, _) = await PostAsync(server.Client, Entire, request.ToJsonString(), Ct);
            margins.Add(body.GetProperty("upperMargins")[0].GetDouble());
            anomalies.Add(TrueIndices(body.GetProperty("isAnomaly")).Length);
        }

        Assert.Equal(margins.OrderByDescending(m => m), margins);
        Assert.Equal(anomalies.Order(), anomalies);
        Assert.True(margins[0] > margins[^1]);
    }

    [Fact]
    public async Task PostEntire_MaxAnomalyRatio_CapsTheAnomalies()
    {
        var request = SeasonalWithDipAndSpike();
        request["maxAnomalyRatio"] = 0.03; // floor(0.03 × 48) = 1: only the larger deviation (the spike) stays

        var (_, body, _) = await PostAsync(server.Client, Entire, request.ToJsonString(), Ct);

        Assert.Equal([40], TrueIndices(body.GetProperty("isAnomaly")));
    }

    [Fact]
    public async Task PostLast_SameSeries_EqualsTheLastPointOfEntire()
    {
        var request = SeasonalWithDipAndSpike();
        var series = (JsonArray)request["series"]!; // cut after the spike at 40: it becomes the last point
        while (series.Count > 41)
        {
            series.RemoveAt(series.Count - 1);
        }
        var json = request.ToJsonString();

        var (_, entire, _) = await PostAsync(server.Client, Entire, json, Ct);
        var (status, last, _) = await PostAsync(server.Client, Last, json, Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(entire.GetProperty("expectedValues")[40].GetDouble(), last.GetProperty("expectedValue").GetDouble());
        Assert.Equal(entire.GetProperty("upperMargins")[40].GetDouble(), last.GetProperty("upperMargin").GetDouble());
        Assert.True(last.GetProperty("isAnomaly").GetBoolean());
        Assert.True(last.GetProperty("isPositiveAnomaly").GetBoolean());
        Assert.True(last.GetProperty("severity").GetDouble() > 0);
    }

    [Fact]
    public async Task PostChangePoint_OneLevelShift_FlaggedAtTheFirstPointOfTheNewLevel()
    {
        var series = new JsonArray();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 100; i++)
        {
            series.Add(new JsonObject { ["timestamp"] = start.AddHours(i).ToString("O"), ["value"] = (i >= 60 ? 150 : 100) + (2 * Math.Sin(i * 2.3)) });
        }
        var request = new JsonObject { ["series"] = series, ["granularity"] = "hourly", ["period"] = 0 };

        var (status, body, _) = await PostAsync(server.Client, ChangePoint, request.ToJsonString(), Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([60], TrueIndices(body.GetProperty("isChangePoint")));
        Assert.True(body.GetProperty("confidenceScores")[60].GetDouble() >= 0.99);
    }

    [Fact]
    public async Task GetOpenApi_Document_DescribesTheFourRoutes()
    {
        using var response = await server.Client.GetAsync("openapi/v1.json", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/anomalydetector/v1.1/timeseries/entire/detect", out _));
        Assert.True(paths.TryGetProperty("/anomalydetector/v1.1/timeseries/last/detect", out _));
        Assert.True(paths.TryGetProperty("/anomalydetector/v1.1/timeseries/changepoint/detect", out _));
        Assert.True(paths.TryGetProperty("/api/v1/detect", out _));
        Assert.Contains("EntireDetectResponse", text, StringComparison.Ordinal);
        Assert.Contains("InvalidModelArgument", text, StringComparison.Ordinal);
    }
}

/// <summary>An Azure client's key header is a Vigil API key with the read scope.</summary>
public sealed class AnomalyDetectorKeyTests(KeyedServerFixture server) : IClassFixture<KeyedServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Body => MonthlyRequest(24, i => 100 + (10 * Math.Sin(i * Math.PI / 6))).ToJsonString();

    [Fact]
    public async Task PostEntire_ReadKeyAsSubscriptionKey_200()
    {
        var (status, _, _) = await PostAsync(server.Client, Entire, Body, Ct, key: server.ReadToken);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task PostEntire_NoKey_401()
    {
        var (status, _, _) = await PostAsync(server.Client, Entire, Body, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task PostEntire_IngestOnlyKey_403()
    {
        var (status, _, _) = await PostAsync(server.Client, Entire, Body, Ct, key: server.IngestToken);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task PostVigilDetect_BearerReadKey_200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/detect")
        {
            Content = new StringContent("{\"points\":[{\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":1}]}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.ReadToken);

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
