using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>One series as <c>/api/v1/samples</c> returns it: labels and (Unix ms, value as rendered) pairs.</summary>
internal sealed record ApiSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long TimestampMs, string Value)> Samples)
{
    public string[] Values => [.. Samples.Select(s => s.Value)];
}

/// <summary>Reads Vigil's query API as a client would: JSON over HTTP.</summary>
internal static class VigilApi
{
    public static async Task<JsonElement> GetDataAsync(HttpClient client, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(pathAndQuery, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root.GetProperty("data").Clone();
    }

    public static async Task<IReadOnlyList<ApiSeries>> SamplesAsync(
        HttpClient client, string selector, long startMs, long endMs, CancellationToken cancellationToken, string? step = null, string? agg = null)
    {
        var query = $"api/v1/samples?match[]={Uri.EscapeDataString(selector)}&start={Seconds(startMs)}&end={Seconds(endMs)}";
        if (step is not null)
        {
            query += $"&step={step}";
        }
        if (agg is not null)
        {
            query += $"&agg={agg}";
        }
        var data = await GetDataAsync(client, query, cancellationToken);
        return [.. data.EnumerateArray().Select(ParseSeries)];
    }

    /// <summary>The one series a selector must match; fails when it matches none or several.</summary>
    public static async Task<ApiSeries> SingleSeriesAsync(HttpClient client, string selector, long startMs, long endMs, CancellationToken cancellationToken, string? step = null, string? agg = null)
    {
        var all = await SamplesAsync(client, selector, startMs, endMs, cancellationToken, step, agg);
        Assert.True(all.Count == 1, $"{selector} matched {all.Count} series");
        return all[0];
    }

    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> SeriesAsync(HttpClient client, string selector, CancellationToken cancellationToken)
    {
        var data = await GetDataAsync(client, $"api/v1/series?match[]={Uri.EscapeDataString(selector)}", cancellationToken);
        return [.. data.EnumerateArray().Select(Labels)];
    }

    public static string Seconds(long ms) => (ms / 1000.0).ToString("R", CultureInfo.InvariantCulture);

    private static ApiSeries ParseSeries(JsonElement e) => new(
        Labels(e.GetProperty("labels")),
        [.. e.GetProperty("samples").EnumerateArray().Select(p => ((long)Math.Round(p[0].GetDouble() * 1000), p[1].GetString()!))]);

    private static Dictionary<string, string> Labels(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    /// <summary>Asserts a 400 whose error names what <paramref name="expected"/> says.</summary>
    public static async Task AssertBadRequestAsync(HttpResponseMessage response, string expected, CancellationToken cancellationToken)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ErrorOfAsync(response, cancellationToken), StringComparison.Ordinal);
    }

    /// <summary>The <c>error</c> field of an error body (receivers and the API both have one).</summary>
    public static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
