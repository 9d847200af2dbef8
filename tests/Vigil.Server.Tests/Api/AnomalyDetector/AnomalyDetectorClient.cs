using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Server.Tests.Api.AnomalyDetector;

/// <summary>Posts to the Anomaly Detector routes as an Azure client does: JSON body, key in <c>Ocp-Apim-Subscription-Key</c>.</summary>
internal static class AnomalyDetectorClient
{
    public const string Entire = "anomalydetector/v1.1/timeseries/entire/detect";
    public const string Last = "anomalydetector/v1.1/timeseries/last/detect";
    public const string ChangePoint = "anomalydetector/v1.1/timeseries/changepoint/detect";

    public static async Task<(HttpStatusCode Status, JsonElement Body, string? ErrorHeader)> PostAsync(
        HttpClient client, string path, string json, CancellationToken cancellationToken, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", key);
        }
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var header = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.Single() : null;
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, header);
    }

    /// <summary>A monthly series of <paramref name="count"/> points from 2020-01 with values from <paramref name="value"/>.</summary>
    public static JsonObject MonthlyRequest(int count, Func<int, double> value)
    {
        var series = new JsonArray();
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            series.Add(new JsonObject { ["timestamp"] = start.AddMonths(i).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), ["value"] = value(i) });
        }
        return new JsonObject { ["series"] = series, ["granularity"] = "monthly" };
    }

    public static int[] TrueIndices(JsonElement array) =>
        [.. array.EnumerateArray().Select((e, i) => (e, i)).Where(p => p.e.GetBoolean()).Select(p => p.i)];
}
