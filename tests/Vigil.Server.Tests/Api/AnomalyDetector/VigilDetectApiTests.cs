using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api.AnomalyDetector;

/// <summary><c>POST /api/v1/detect</c>: a posted series scored point by point by a streaming detector of the catalog.</summary>
public sealed class VigilDetectApiTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Minute points around 100 with a deterministic ripple, and a spike to 400 at <paramref name="spikeAt"/>.</summary>
    private static JsonObject Request(int count, int spikeAt, string? detector = null)
    {
        var points = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            points.Add(new JsonObject { ["timestamp"] = Start.AddMinutes(i).ToString("O"), ["value"] = i == spikeAt ? 400 : 100 + (3 * Math.Sin(i * 0.7)) });
        }
        var request = new JsonObject { ["points"] = points };
        if (detector is not null)
        {
            request["detector"] = detector;
        }
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("api/v1/detect", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Post_SpikeAfterWarmUp_OnlyTheSpikeFlaggedWithScoreBandAndSeverity()
    {
        var (status, body) = await PostAsync(Request(600, spikeAt: 500).ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(DetectorCatalog.Default, data.GetProperty("detector").GetString());
        Assert.Equal(DetectorCatalog.DefaultThreshold, data.GetProperty("threshold").GetDouble());
        var points = data.GetProperty("points");
        Assert.Equal(600, points.GetArrayLength());
        var spike = points[500];
        Assert.True(spike.GetProperty("anomaly").GetBoolean(), spike.ToString());
        Assert.True(spike.GetProperty("severity").GetInt32() >= Severity.Major, spike.ToString());
        Assert.True(spike.GetProperty("band").GetString() is "major" or "critical", spike.ToString());
        Assert.True(spike.GetProperty("value").GetDouble() > spike.GetProperty("upper").GetDouble());
        Assert.InRange(spike.GetProperty("expected").GetDouble(), 90, 110);
        var flagged = points.EnumerateArray().Select((p, i) => (p, i)).Where(x => x.p.GetProperty("anomaly").GetBoolean()).Select(x => x.i).ToArray();
        Assert.Equal([500], flagged.Where(i => i >= 100)); // after warm-up, the spike alone
        Assert.Equal(Start.AddMinutes(500), spike.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task Post_NamedDetector_RunsThatDetector()
    {
        var (status, body) = await PostAsync(Request(300, spikeAt: 250, detector: "robust").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("robust", body.GetProperty("data").GetProperty("detector").GetString());
        Assert.True(body.GetProperty("data").GetProperty("points")[250].GetProperty("score").GetDouble() > 0.5);
    }

    [Theory]
    [InlineData("{}", "points")]
    [InlineData("{\"points\":[]}", "points")]
    [InlineData("not json", "body")]
    [InlineData("{\"points\":[{\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":1}],\"detector\":\"nope\"}", "detector")]
    [InlineData("{\"points\":[{\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":1}],\"threshold\":2}", "threshold")]
    [InlineData("{\"points\":[{\"timestamp\":\"2024-01-01T00:01:00Z\",\"value\":1},{\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":2}]}", "points[1].timestamp")]
    [InlineData("{\"points\":[{\"value\":1}]}", "points[0]")]
    [InlineData("{\"points\":[{\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":\"Infinity\"}]}", "points[0].value")]
    public async Task Post_Malformed_400BadDataNamingTheField(string json, string field)
    {
        var (status, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("bad_data", body.GetProperty("errorType").GetString());
        Assert.StartsWith(field, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NaNValue_MissingPointScoredZero()
    {
        var request = Request(50, spikeAt: -1);
        request["points"]![20]!["value"] = "NaN";

        var (status, body) = await PostAsync(request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var point = body.GetProperty("data").GetProperty("points")[20];
        Assert.Equal(0, point.GetProperty("score").GetDouble());
        Assert.False(point.GetProperty("anomaly").GetBoolean());
    }
}
