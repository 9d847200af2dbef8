using System.Text.Json;
using Vigil.Correlation.RootCause;

namespace Vigil.Correlation.Benchmarks;

/// <summary>Reads a PetShop <c>target.json</c>: <c>{"target": {"node", "metric", "agg", …}, "root_cause": {"node", "metric"}}</c>.</summary>
public static class PetShopTargetJson
{
    /// <summary>The symptom and the true root cause.</summary>
    /// <exception cref="FormatException">A field is missing or of the wrong type.</exception>
    public static (RcaTarget Target, string RootCauseNode, string? RootCauseMetric) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var target = doc.RootElement.GetProperty("target");
            var cause = doc.RootElement.GetProperty("root_cause");
            var metric = cause.TryGetProperty("metric", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (new RcaTarget(Required(target, "node"), Required(target, "metric"), Required(target, "agg")), Required(cause, "node"), metric);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"target.json: {e.Message}", e);
        }
    }

    private static string Required(JsonElement element, string name) =>
        element.GetProperty(name).GetString() is { Length: > 0 } value ? value : throw new FormatException($"target.json: \"{name}\" is empty");
}
