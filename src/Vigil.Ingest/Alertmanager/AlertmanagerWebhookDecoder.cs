using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Ingest.Otlp;

namespace Vigil.Ingest.Alertmanager;

/// <summary>
/// Decodes Alertmanager webhook messages (version 4, <c>POST /api/v1/alerts/alertmanager</c>) into
/// <see cref="SignalKind.ExternalAlert"/> signals. Unknown fields are ignored; a wrong version, malformed JSON or an
/// alert without a usable start refuses the whole message with the JSON path (and line) of the problem.
/// <para>Each alert becomes a signal:</para>
/// <list type="bullet">
/// <item><b>Entity</b>: the first of the labels <c>service</c>, <c>job</c>, <c>instance</c>, <c>alertname</c> that
/// the alert has, as <c>label/value</c> (<c>service/checkout</c>, <c>job/node</c>); <c>alertname/unknown</c> when it
/// has none.</item>
/// <item><b>Start</b> = <c>startsAt</c>; <b>End</b> = <c>endsAt</c> when the alert's status is <c>resolved</c>, null
/// while it fires (Alertmanager's <c>endsAt</c> of a firing alert is only a timeout).</item>
/// <item><b>Severity</b> from the <c>severity</c> label, case-insensitive: <c>critical</c>/<c>page</c> → 90,
/// <c>error</c>/<c>high</c> → 70, <c>warning</c>/<c>warn</c> → 50, <c>info</c>/<c>low</c> → 10, anything else or
/// absent → 40. <b>Score</b> = severity / 100.</item>
/// <item><b>Summary</b>: the first line of the <c>summary</c> annotation, else of <c>description</c>, else the
/// <c>alertname</c>.</item>
/// <item><b>Labels</b>: the alert's labels, names sanitized as for OTLP attributes (valid names are kept as they are,
/// <c>alertname</c> included).</item>
/// <item><b>Evidence</b>: each annotation as <c>annotations.NAME</c>, plus <c>generatorURL</c>, <c>groupKey</c>,
/// <c>receiver</c> and <c>status</c>.</item>
/// <item><b>Fingerprint</b>: Alertmanager's fingerprint of the alert, else the 16-hex-digit stable hash of its labels.</item>
/// </list>
/// Decoding is a pure function of the body: the same message twice gives equal signals, so a redelivered
/// notification is recognised by (groupKey, fingerprint, startsAt) downstream.
/// </summary>
public static class AlertmanagerWebhookDecoder
{
    /// <summary>The webhook message version this decoder reads.</summary>
    public const string SupportedVersion = "4";

    /// <summary>Checks the request's <c>Content-Type</c>: JSON (Alertmanager sends <c>application/json</c>), or absent.</summary>
    public static bool TryCheckContentType(string? contentType, [NotNullWhen(false)] out IngestError? error)
    {
        var mediaType = (contentType ?? "").AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        if (mediaType.IsEmpty || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            error = null;
            return true;
        }
        error = new IngestError(IngestErrorKind.UnsupportedMediaType, $"unsupported Content-Type \"{contentType}\": the Alertmanager webhook takes application/json");
        return false;
    }

    /// <summary>Decodes one webhook body.</summary>
    /// <param name="body">The request body (UTF-8 JSON).</param>
    /// <param name="limits">Bounds: body size, alerts per message (<see cref="IngestLimits.MaxSeriesPerRequest"/>), labels per alert and their lengths.</param>
    /// <param name="notification">The group and its signals, when the body is valid.</param>
    /// <param name="error">Why the body is refused.</param>
    public static bool TryDecode(ReadOnlySpan<byte> body, IngestLimits limits, [NotNullWhen(true)] out AlertmanagerNotification? notification, [NotNullWhen(false)] out IngestError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        notification = null;
        if (body.Length > limits.MaxBodyBytes)
        {
            error = new IngestError(IngestErrorKind.TooLarge, $"body of {body.Length} bytes exceeds the limit {nameof(IngestLimits.MaxBodyBytes)}={limits.MaxBodyBytes}");
            return false;
        }

        WebhookMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, WebhookJsonContext.Default.WebhookMessage);
        }
        catch (JsonException e)
        {
            var where = e.Path is null or "$" ? "" : $" at {e.Path}";
            var line = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "";
            error = IngestError.Malformed($"malformed Alertmanager webhook JSON{where}{line}: {FirstSentence(e.Message)}");
            return false;
        }

        if (message is null)
        {
            error = IngestError.Malformed("the Alertmanager webhook body is JSON null, expected an object");
            return false;
        }
        if (message.Version != SupportedVersion)
        {
            error = IngestError.Malformed(message.Version is null
                ? $"$.version is missing: expected an Alertmanager webhook message of version \"{SupportedVersion}\""
                : $"$.version is \"{message.Version}\": only Alertmanager webhook messages of version \"{SupportedVersion}\" are supported");
            return false;
        }
        var alerts = message.Alerts ?? [];
        if (alerts.Count > limits.MaxSeriesPerRequest)
        {
            error = IngestError.Limit(nameof(IngestLimits.MaxSeriesPerRequest), limits.MaxSeriesPerRequest, $"$.alerts: {alerts.Count} alerts");
            return false;
        }

        var groupKey = message.GroupKey ?? "";
        var receiver = message.Receiver ?? "";
        var signals = new Signal[alerts.Count];
        for (var i = 0; i < alerts.Count; i++)
        {
            if (!TryMapAlert(alerts[i], i, groupKey, receiver, limits, out var signal, out error))
            {
                return false;
            }
            signals[i] = signal;
        }
        notification = new AlertmanagerNotification(groupKey, receiver, message.Status ?? "", message.TruncatedAlerts, signals);
        error = null;
        return true;
    }

    /// <summary>The severity (0–100) of an alert's <c>severity</c> label value (see the class summary).</summary>
    public static int SeverityOf(string? severityLabel) => severityLabel?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" or "PAGE" => 90,
        "ERROR" or "HIGH" => 70,
        "WARNING" or "WARN" => 50,
        "INFO" or "LOW" => 10,
        _ => 40,
    };

    private static bool TryMapAlert(WebhookAlert? alert, int index, string groupKey, string receiver, IngestLimits limits, [NotNullWhen(true)] out Signal? signal, [NotNullWhen(false)] out IngestError? error)
    {
        signal = null;
        var path = $"$.alerts[{index}]";
        if (alert is null)
        {
            error = IngestError.Malformed($"{path} is null, expected an alert object");
            return false;
        }

        var status = alert.Status;
        if (status is not ("firing" or "resolved"))
        {
            error = IngestError.Malformed($"{path}.status is {Quote(status)}: expected \"firing\" or \"resolved\"");
            return false;
        }
        if (!TryParseTime(alert.StartsAt, out var start))
        {
            error = IngestError.Malformed($"{path}.startsAt is {Quote(alert.StartsAt)}: expected an RFC 3339 time");
            return false;
        }
        DateTimeOffset? end = null;
        if (status == "resolved")
        {
            if (!TryParseTime(alert.EndsAt, out var endsAt))
            {
                error = IngestError.Malformed($"{path}.endsAt is {Quote(alert.EndsAt)}: a resolved alert needs an RFC 3339 end time");
                return false;
            }
            end = endsAt < start ? start : endsAt;
        }

        if (!TryLabels(alert.Labels, path, limits, out var labels, out error))
        {
            return false;
        }

        var alertName = labels.Get("alertname");
        var severity = SeverityOf(labels.Get("severity"));
        var annotations = alert.Annotations ?? [];
        var summary = FirstLine(annotations.GetValueOrDefault("summary"))
            ?? FirstLine(annotations.GetValueOrDefault("description"))
            ?? alertName
            ?? "alert without a name";

        var evidence = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in annotations)
        {
            if (!string.IsNullOrEmpty(value))
            {
                evidence["annotations." + name] = value;
            }
        }
        AddIfPresent(evidence, "generatorURL", alert.GeneratorUrl);
        AddIfPresent(evidence, "groupKey", groupKey);
        AddIfPresent(evidence, "receiver", receiver);
        evidence["status"] = status;

        signal = new Signal
        {
            Kind = SignalKind.ExternalAlert,
            Entity = EntityOf(labels),
            Start = start,
            End = end,
            Severity = severity,
            Score = severity / 100.0,
            Summary = summary,
            Labels = labels,
            Evidence = evidence.ToImmutable(),
            Fingerprint = string.IsNullOrEmpty(alert.Fingerprint) ? labels.StableHash.ToString("x16", CultureInfo.InvariantCulture) : alert.Fingerprint,
        };
        error = null;
        return true;
    }

    private static string EntityOf(Labels labels)
    {
        foreach (var name in (ReadOnlySpan<string>)["service", "job", "instance", "alertname"])
        {
            if (labels.Get(name) is { } value)
            {
                return $"{name}/{value}";
            }
        }
        return "alertname/unknown";
    }

    private static bool TryLabels(Dictionary<string, string?>? source, string path, IngestLimits limits, out Labels labels, [NotNullWhen(false)] out IngestError? error)
    {
        labels = Labels.Empty;
        if (source is null || source.Count == 0)
        {
            error = null;
            return true;
        }
        if (source.Count > limits.MaxLabelsPerSeries)
        {
            error = IngestError.Limit(nameof(IngestLimits.MaxLabelsPerSeries), limits.MaxLabelsPerSeries, $"{path}.labels: {source.Count} labels");
            return false;
        }
        // Sorted by original name, so that when two names sanitize alike the first in that order wins, stably.
        var list = new List<Label>(source.Count);
        foreach (var (rawName, value) in source.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }
            if (rawName.Length > limits.MaxLabelNameLength)
            {
                error = IngestError.Limit(nameof(IngestLimits.MaxLabelNameLength), limits.MaxLabelNameLength, $"{path}.labels: a name of {rawName.Length} characters");
                return false;
            }
            if (value.Length > limits.MaxLabelValueLength)
            {
                error = IngestError.Limit(nameof(IngestLimits.MaxLabelValueLength), limits.MaxLabelValueLength, $"{path}.labels.{rawName}: a value of {value.Length} characters");
                return false;
            }
            var name = PrometheusNaming.LabelName(rawName);
            if (name.Length > 0 && !list.Exists(l => l.Name == name))
            {
                list.Add(new Label(name, value));
            }
        }
        if (!Labels.TryFrom(list.ToArray(), out labels, out var labelError))
        {
            error = IngestError.Malformed($"{path}.labels: {labelError.Message}"); // unreachable after sanitizing; kept as a guard
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>
    /// Parses an RFC 3339 time as Alertmanager writes it (Go's time format: up to nanoseconds, <c>Z</c> or an offset),
    /// normalized to UTC. Go's zero time (<c>0001-01-01T00:00:00Z</c>) counts as absent.
    /// </summary>
    private static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length < 20 || text[10] is not ('T' or 't')
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time)
            || time.UtcDateTime.Year <= 1)
        {
            time = default;
            return false;
        }
        time = time.ToUniversalTime();
        return true;
    }

    private static void AddIfPresent(ImmutableSortedDictionary<string, string>.Builder evidence, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            evidence[key] = value;
        }
    }

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.AsSpan().Trim();
        var newline = trimmed.IndexOfAny('\r', '\n');
        return (newline < 0 ? trimmed : trimmed[..newline].TrimEnd()).ToString();
    }

    private static string Quote(string? value) => value is null ? "missing" : $"\"{value}\"";

    private static string FirstSentence(string message)
    {
        var at = message.IndexOf(" Path:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
