using System.Text.Json.Serialization;

namespace Vigil.Ingest.Alertmanager;

/// <summary>
/// The body Alertmanager's webhook receiver posts (message version 4), as System.Text.Json reads it. Fields Vigil
/// does not use are ignored, as are fields newer Alertmanagers may add. Timestamps stay strings so that a bad one
/// is reported with its JSON path.
/// </summary>
internal sealed class WebhookMessage
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("groupKey")] public string? GroupKey { get; set; }
    [JsonPropertyName("truncatedAlerts")] public int TruncatedAlerts { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("receiver")] public string? Receiver { get; set; }
    [JsonPropertyName("externalURL")] public string? ExternalUrl { get; set; }
    [JsonPropertyName("alerts")] public List<WebhookAlert?>? Alerts { get; set; }
}

/// <summary>One alert of a webhook message.</summary>
internal sealed class WebhookAlert
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("labels")] public Dictionary<string, string?>? Labels { get; set; }
    [JsonPropertyName("annotations")] public Dictionary<string, string?>? Annotations { get; set; }
    [JsonPropertyName("startsAt")] public string? StartsAt { get; set; }
    [JsonPropertyName("endsAt")] public string? EndsAt { get; set; }
    [JsonPropertyName("generatorURL")] public string? GeneratorUrl { get; set; }
    [JsonPropertyName("fingerprint")] public string? Fingerprint { get; set; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, AllowTrailingCommas = false)]
[JsonSerializable(typeof(WebhookMessage))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
