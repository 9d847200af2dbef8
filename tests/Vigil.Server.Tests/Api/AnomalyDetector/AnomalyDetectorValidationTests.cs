using System.Net;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Infrastructure;
using static Vigil.Server.Tests.Api.AnomalyDetector.AnomalyDetectorClient;

namespace Vigil.Server.Tests.Api.AnomalyDetector;

/// <summary>Malformed requests get 400, the spec's error code in <c>x-ms-error-code</c> and a <c>{code, message}</c> body.</summary>
public sealed class AnomalyDetectorValidationTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Route, body, expected code.</summary>
    public static TheoryData<string, string, string> MalformedRequests()
    {
        static string Valid(Action<JsonObject>? change = null, int count = 24)
        {
            var request = MonthlyRequest(count, i => 100 + (10 * Math.Sin(i * Math.PI / 6)));
            change?.Invoke(request);
            return request.ToJsonString();
        }
        static JsonObject Point(JsonObject request, int i) => (JsonObject)request["series"]![i]!;

        return new()
        {
            { Entire, "not json", "InvalidJsonFormat" },
            { Entire, "[1, 2]", "InvalidJsonFormat" },
            { Entire, "{}", "RequiredSeries" },
            { Last, Valid(r => r.Remove("series")), "RequiredSeries" },
            { Entire, Valid(count: 11), "InvalidSeries" },
            { Entire, Valid(r => r["granularity"] = "fortnightly"), "InvalidGranularity" },
            { Entire, Valid(r => r["customInterval"] = 0), "InvalidCustomInterval" },
            { Entire, Valid(r => r["period"] = -1), "InvalidPeriod" },
            { Entire, Valid(r => r["period"] = 13), "InvalidPeriod" },
            { Entire, Valid(r => r["sensitivity"] = 100), "InvalidModelArgument" },
            { Entire, Valid(r => r["sensitivity"] = 9.5), "InvalidModelArgument" },
            { Last, Valid(r => r["maxAnomalyRatio"] = 0.6), "InvalidModelArgument" },
            { Entire, Valid(r => r["imputeMode"] = "mean"), "InvalidImputeMode" },
            { Entire, Valid(r => r["imputeMode"] = "fixed"), "InvalidImputeFixedValue" },
            { Entire, Valid(r => Point(r, 5)["timestamp"] = Point(r, 4)["timestamp"]!.DeepClone()), "InvalidSeries" },
            { Entire, Valid(r => Point(r, 5)["timestamp"] = "2019-01-01T00:00:00Z"), "InvalidSeries" },
            { Entire, Valid(r => Point(r, 5)["timestamp"] = "2020-06-15T00:00:00Z"), "InvalidSeries" },
            { Entire, Valid(r => Point(r, 5)["timestamp"] = "yesterday"), "InvalidSeries" },
            { Entire, Valid(r => Point(r, 5).Remove("value")), "InvalidSeries" },
            { Entire, Valid(r => Point(r, 5).Remove("timestamp")), "InvalidSeries" },
            { ChangePoint, Valid(r => r.Remove("granularity")), "RequiredGranularity" },
            { ChangePoint, Valid(r => r["granularity"] = "none"), "InvalidGranularity" },
            { ChangePoint, Valid(r => r["stableTrendWindow"] = 2), "InvalidModelArgument" },
            { ChangePoint, Valid(r => r["threshold"] = 1.5), "InvalidModelArgument" },
            { ChangePoint, "{\"granularity\":\"daily\"}", "RequiredSeries" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Post_MalformedRequest_400WithTheSpecsErrorCode(string route, string body, string code)
    {
        var (status, response, header) = await PostAsync(server.Client, route, body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, header);
        Assert.Equal(code, response.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(response.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task PostEntire_GapsOnTheGrid_FilledAndAnsweredPerInputPoint()
    {
        var request = MonthlyRequest(36, i => 100 + (10 * Math.Sin(i * Math.PI / 6)));
        var series = (JsonArray)request["series"]!;
        series.RemoveAt(20);
        series.RemoveAt(10);
        request["imputeMode"] = "previous";

        var (status, body, _) = await PostAsync(server.Client, Entire, request.ToJsonString(), Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(34, body.GetProperty("expectedValues").GetArrayLength());
        Assert.Equal(34, body.GetProperty("isAnomaly").GetArrayLength());
    }

    [Fact]
    public async Task PostEntire_NoGranularityNoTimestamps_Accepted()
    {
        var series = new JsonArray();
        for (var i = 0; i < 30; i++)
        {
            series.Add(new JsonObject { ["value"] = i == 17 ? 500 : 100 + (i % 3) });
        }

        var (status, body, _) = await PostAsync(server.Client, Entire, new JsonObject { ["series"] = series }.ToJsonString(), Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([17], TrueIndices(body.GetProperty("isAnomaly")));
    }
}
