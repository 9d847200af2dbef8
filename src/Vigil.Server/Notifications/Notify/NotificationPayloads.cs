using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Signals;

namespace Vigil.Server.Notifications.Notify;

/// <summary>The JSON a webhook receiver gets (version 1).</summary>
/// <param name="Version">Payload version, <c>1</c>.</param>
/// <param name="Receiver">The receiver's name.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="Status"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Title">One line.</param>
/// <param name="Severity">0–100.</param>
/// <param name="Band">low, warning, minor, major or critical.</param>
/// <param name="Entities">Entities involved.</param>
/// <param name="RootCause">Best root-cause candidate, if any.</param>
/// <param name="Url">Link to the incident, if known.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="ResolvedAt">Resolution, if resolved.</param>
/// <param name="Labels">The incident's labels.</param>
public sealed record WebhookPayload(
    string Version, string Receiver, string IncidentId, string Status, string Title, int Severity, string Band,
    IReadOnlyList<string> Entities, string? RootCause, string? Url, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>Builds the bodies receivers are sent.</summary>
internal static class NotificationPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string StatusText(IncidentStatus status) => status == IncidentStatus.Firing ? "firing" : "resolved";

    public static string BandText(SeverityBand band) => band.ToString().ToLowerInvariant();

    public static byte[] Webhook(string receiver, IncidentNotification n, Uri? url) =>
        JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload(
            "1", receiver, n.IncidentId, StatusText(n.Status), n.Title, n.Severity, BandText(n.Band), n.Entities, n.RootCause,
            url?.ToString(), n.StartedAt, n.ResolvedAt, n.Labels.ToDictionary(static l => l.Name, static l => l.Value, StringComparer.Ordinal)), Json);

    /// <summary>
    /// A Slack incoming-webhook message: a fallback <c>text</c>, and one attachment coloured by severity (green when
    /// resolved) holding the blocks.
    /// </summary>
    public static byte[] Slack(IncidentNotification n, Uri? url)
    {
        var status = n.Status == IncidentStatus.Firing ? "FIRING" : "RESOLVED";
        var headline = $"[{status}] {n.Title}";
        var linked = url is null ? $"*{Escape(headline)}*" : $"*<{url}|{Escape(headline)}>*";
        var details = new StringBuilder();
        details.Append(CultureInfo.InvariantCulture, $"Severity: *{BandText(n.Band)}* ({n.Severity})");
        if (n.RootCause is { } cause)
        {
            details.Append(CultureInfo.InvariantCulture, $" · Probable root cause: `{Escape(cause)}`");
        }
        var context = new StringBuilder();
        if (n.Entities.Count > 0)
        {
            context.Append("Entities: ").Append(Escape(string.Join(", ", n.Entities.Take(10))));
            if (n.Entities.Count > 10)
            {
                context.Append(CultureInfo.InvariantCulture, $" and {n.Entities.Count - 10} more");
            }
            context.Append(" · ");
        }
        context.Append(CultureInfo.InvariantCulture, $"Started {n.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        if (n.ResolvedAt is { } resolved)
        {
            context.Append(CultureInfo.InvariantCulture, $" · Resolved {resolved.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        }
        var payload = new
        {
            text = headline,
            attachments = new[]
            {
                new
                {
                    color = Colour(n),
                    fallback = headline,
                    blocks = new object[]
                    {
                        new { type = "section", text = new { type = "mrkdwn", text = $"{linked}\n{details}" } },
                        new { type = "context", elements = new[] { new { type = "mrkdwn", text = context.ToString() } } },
                    },
                },
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(payload, Json);
    }

    /// <summary>Slack's attachment colour: green when resolved, else by band.</summary>
    public static string Colour(IncidentNotification n) => n.Status == IncidentStatus.Resolved ? "#2EB67D" : n.Band switch
    {
        SeverityBand.Critical => "#E01E5A",
        SeverityBand.Major => "#F2700F",
        SeverityBand.Minor => "#ECB22E",
        SeverityBand.Warning => "#36C5F0",
        _ => "#9E9E9E",
    };

    // Slack's mrkdwn needs only these three escaped.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
