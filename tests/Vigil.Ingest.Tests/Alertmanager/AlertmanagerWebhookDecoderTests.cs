using System.Text;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Ingest.Alertmanager;

namespace Vigil.Ingest.Tests.Alertmanager;

public sealed class AlertmanagerWebhookDecoderTests
{
    // As Alertmanager 0.27 posts it: two alerts of one group, Go timestamps with nanoseconds, endsAt of a firing
    // alert set to Go's zero time.
    private const string Firing = """
        {
          "receiver": "vigil",
          "status": "firing",
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "HighLatency", "instance": "api-1:9100", "job": "api", "severity": "critical", "service": "checkout" },
              "annotations": { "summary": "p99 latency above 2s\nfor 5 minutes", "runbook_url": "https://runbooks.example/latency" },
              "startsAt": "2024-05-01T12:00:00.123456789Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=latency",
              "fingerprint": "a1b2c3d4e5f60718"
            },
            {
              "status": "firing",
              "labels": { "alertname": "DiskFull", "instance": "db-1:9100", "severity": "warning" },
              "annotations": { "description": "disk / is 95% full" },
              "startsAt": "2024-05-01T14:00:00+02:00",
              "endsAt": "2024-05-01T12:10:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=disk",
              "fingerprint": "0f1e2d3c4b5a6978"
            }
          ],
          "groupLabels": { "alertname": "HighLatency" },
          "commonLabels": { "job": "api" },
          "commonAnnotations": {},
          "externalURL": "http://alertmanager:9093",
          "version": "4",
          "groupKey": "{}:{alertname=\"HighLatency\"}",
          "truncatedAlerts": 0
        }
        """;

    private const string Resolved = """
        {
          "receiver": "vigil",
          "status": "resolved",
          "alerts": [
            {
              "status": "resolved",
              "labels": { "alertname": "HighLatency", "instance": "api-1:9100", "job": "api", "severity": "critical", "service": "checkout" },
              "annotations": { "summary": "p99 latency above 2s\nfor 5 minutes", "runbook_url": "https://runbooks.example/latency" },
              "startsAt": "2024-05-01T12:00:00.123456789Z",
              "endsAt": "2024-05-01T12:30:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=latency",
              "fingerprint": "a1b2c3d4e5f60718"
            }
          ],
          "groupLabels": { "alertname": "HighLatency" },
          "commonLabels": {},
          "commonAnnotations": {},
          "externalURL": "http://alertmanager:9093",
          "version": "4",
          "groupKey": "{}:{alertname=\"HighLatency\"}",
          "truncatedAlerts": 0
        }
        """;

    private static AlertmanagerNotification Decode(string json)
    {
        Assert.True(AlertmanagerWebhookDecoder.TryDecode(Encoding.UTF8.GetBytes(json), IngestLimits.Default, out var notification, out var error), error?.Message);
        return notification;
    }

    private static IngestError Refuse(string json, IngestLimits? limits = null)
    {
        Assert.False(AlertmanagerWebhookDecoder.TryDecode(Encoding.UTF8.GetBytes(json), limits ?? IngestLimits.Default, out var notification, out var error));
        Assert.Null(notification);
        return error;
    }

    [Fact]
    public void TryDecode_FiringGroup_OneOpenSignalPerAlert()
    {
        var n = Decode(Firing);

        Assert.Equal(("{}:{alertname=\"HighLatency\"}", "vigil", "firing", 0), (n.GroupKey, n.Receiver, n.Status, n.TruncatedAlerts));
        Assert.Equal(2, n.Signals.Count);
        var s = n.Signals[0];
        Assert.Equal(SignalKind.ExternalAlert, s.Kind);
        Assert.Equal("service/checkout", s.Entity);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234568), s.Start);
        Assert.Null(s.End);
        Assert.True(s.IsOpen);
        Assert.Equal(90, s.Severity);
        Assert.Equal(0.9, s.Score);
        Assert.Equal("p99 latency above 2s", s.Summary);
        Assert.Equal("a1b2c3d4e5f60718", s.Fingerprint);
        Assert.Equal(Labels.From("alertname", "HighLatency", "instance", "api-1:9100", "job", "api", "severity", "critical", "service", "checkout"), s.Labels);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["annotations.runbook_url"] = "https://runbooks.example/latency",
                ["annotations.summary"] = "p99 latency above 2s\nfor 5 minutes",
                ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=latency",
                ["groupKey"] = "{}:{alertname=\"HighLatency\"}",
                ["receiver"] = "vigil",
                ["status"] = "firing",
            },
            s.Evidence);
    }

    [Fact]
    public void TryDecode_SecondAlert_EntityFromInstanceWithoutServiceOrJob_SummaryFromDescription()
    {
        var s = Decode(Firing).Signals[1];

        Assert.Equal("instance/db-1:9100", s.Entity);
        Assert.Equal("disk / is 95% full", s.Summary);
        Assert.Equal(50, s.Severity);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), s.Start); // +02:00 normalized
        Assert.Null(s.End); // a firing alert's endsAt is only Alertmanager's timeout
    }

    [Fact]
    public void TryDecode_Resolved_ClosesTheSameSignal()
    {
        var firing = Decode(Firing).Signals[0];
        var resolved = Assert.Single(Decode(Resolved).Signals);

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.Zero), resolved.End);
        Assert.False(resolved.IsOpen);
        Assert.Equal((firing.Fingerprint, firing.Start, firing.Entity), (resolved.Fingerprint, resolved.Start, resolved.Entity));
        Assert.Equal("resolved", resolved.Evidence["status"]);
    }

    [Fact]
    public void TryDecode_SamePayloadTwice_EqualSignals()
    {
        var a = Decode(Firing).Signals;
        var b = Decode(Firing).Signals;

        Assert.Equal(a, b);
        Assert.Equal(a[0].GetHashCode(), b[0].GetHashCode());
    }

    [Fact]
    public void TryDecode_UnknownFields_Ignored()
    {
        var json = Firing.Replace("\"version\": \"4\",", "\"version\": \"4\", \"future\": {\"x\": [1, 2]}, \"orgId\": 7,", StringComparison.Ordinal)
            .Replace("\"fingerprint\": \"a1b2c3d4e5f60718\"", "\"fingerprint\": \"a1b2c3d4e5f60718\", \"silencedBy\": [], \"inhibitedBy\": null", StringComparison.Ordinal);

        Assert.Equal(Decode(Firing).Signals, Decode(json).Signals);
    }

    [Fact]
    public void TryDecode_NoFingerprint_StableHashOfLabels()
    {
        var json = Firing.Replace("\"fingerprint\": \"a1b2c3d4e5f60718\"", "\"fingerprint\": \"\"", StringComparison.Ordinal);
        var s = Decode(json).Signals[0];

        Assert.Equal(s.Labels.StableHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), s.Fingerprint);
        Assert.Equal(s.Fingerprint, Decode(json).Signals[0].Fingerprint);
    }

    [Theory]
    [InlineData("critical", 90)]
    [InlineData("PAGE", 90)]
    [InlineData("error", 70)]
    [InlineData("high", 70)]
    [InlineData("warning", 50)]
    [InlineData("info", 10)]
    [InlineData("low", 10)]
    [InlineData("sev2", 40)]
    [InlineData(null, 40)]
    public void SeverityOf_DocumentedMapping(string? label, int expected)
    {
        Assert.Equal(expected, AlertmanagerWebhookDecoder.SeverityOf(label));
    }

    [Theory]
    [InlineData("""{ "job": "node", "instance": "h:9100", "alertname": "A" }""", "job/node")]
    [InlineData("""{ "alertname": "Watchdog" }""", "alertname/Watchdog")]
    [InlineData("""{ }""", "alertname/unknown")]
    public void TryDecode_Entity_ServiceElseJobElseInstanceElseAlertname(string labels, string entity)
    {
        var json = $$"""{"version":"4","groupKey":"g","status":"firing","alerts":[{"status":"firing","labels":{{labels}},"startsAt":"2024-05-01T12:00:00Z"}]}""";

        Assert.Equal(entity, Assert.Single(Decode(json).Signals).Entity);
    }

    [Fact]
    public void TryDecode_InvalidLabelNames_Sanitized()
    {
        var json = """{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","team.name":"db","__meta":"x","empty":""},"startsAt":"2024-05-01T12:00:00Z"}]}""";

        Assert.Equal(Labels.From("alertname", "A", "key__meta", "x", "team_name", "db"), Assert.Single(Decode(json).Signals).Labels);
    }

    [Fact]
    public void TryDecode_EmptyAlerts_NoSignals()
    {
        Assert.Empty(Decode("""{"version":"4","groupKey":"g","status":"firing","alerts":[]}""").Signals);
    }

    [Theory]
    [InlineData("""{"version":"3","alerts":[]}""", "$.version is \"3\": only Alertmanager webhook messages of version \"4\" are supported")]
    [InlineData("""{"alerts":[]}""", "$.version is missing: expected an Alertmanager webhook message of version \"4\"")]
    [InlineData("null", "the Alertmanager webhook body is JSON null, expected an object")]
    [InlineData("""{"version":"4","alerts":[null]}""", "$.alerts[0] is null, expected an alert object")]
    [InlineData("""{"version":"4","alerts":[{"status":"pending","startsAt":"2024-05-01T12:00:00Z"}]}""", "$.alerts[0].status is \"pending\": expected \"firing\" or \"resolved\"")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing"}]}""", "$.alerts[0].startsAt is missing: expected an RFC 3339 time")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","startsAt":"yesterday"}]}""", "$.alerts[0].startsAt is \"yesterday\": expected an RFC 3339 time")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","startsAt":"0001-01-01T00:00:00Z"}]}""", "$.alerts[0].startsAt is \"0001-01-01T00:00:00Z\": expected an RFC 3339 time")]
    [InlineData("""{"version":"4","alerts":[{"status":"resolved","startsAt":"2024-05-01T12:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]}""", "$.alerts[0].endsAt is \"0001-01-01T00:00:00Z\": a resolved alert needs an RFC 3339 end time")]
    public void TryDecode_InvalidMessage_MalformedNamingPath(string json, string message)
    {
        var error = Refuse(json);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TryDecode_MalformedJson_MalformedWithPathAndLine()
    {
        var json = "{\n  \"version\": \"4\",\n  \"alerts\": [\n    { \"status\": \"firing\", \"labels\": { \"a\": 1 } }\n  ]\n}";

        var error = Refuse(json);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("malformed Alertmanager webhook JSON at $.alerts[0].labels.a (line 4, byte ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\": \"4\", \"alerts\": [")]
    [InlineData("")]
    [InlineData("not json")]
    public void TryDecode_TruncatedOrNotJson_Malformed(string json)
    {
        var error = Refuse(json);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.StartsWith("malformed Alertmanager webhook JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_OverLimits_NamesTheLimit()
    {
        Assert.Equal(IngestErrorKind.TooLarge, Refuse(Firing, new IngestLimits { MaxBodyBytes = 100 }).Kind);
        Assert.Contains("MaxLabelsPerSeries=3", Refuse(Firing, new IngestLimits { MaxLabelsPerSeries = 3 }).Message, StringComparison.Ordinal);
        Assert.Contains("$.alerts[0].labels.alertname: a value of 11 characters exceeds the limit MaxLabelValueLength=5", Refuse(Firing, new IngestLimits { MaxLabelValueLength = 5 }).Message, StringComparison.Ordinal);
        Assert.Contains("$.alerts: 2 alerts exceeds the limit MaxSeriesPerRequest=1", Refuse(Firing, new IngestLimits { MaxSeriesPerRequest = 1 }).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData(null, true)]
    [InlineData("text/plain", false)]
    public void TryCheckContentType_JsonOnly(string? contentType, bool ok)
    {
        Assert.Equal(ok, AlertmanagerWebhookDecoder.TryCheckContentType(contentType, out var error));
        Assert.Equal(ok, error is null);
    }
}

/// <summary>
/// Bodies a real Alertmanager (Debian's prometheus-alertmanager 0.25.0) posted to a webhook receiver on loopback,
/// for one alert sent through its API and then resolved; kept byte for byte in <c>Samples/</c>.
/// </summary>
public sealed class AlertmanagerRealPayloadTests
{
    private static AlertmanagerNotification DecodeSample(string file)
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Alertmanager", "Samples", file));
        Assert.True(AlertmanagerWebhookDecoder.TryDecode(body, IngestLimits.Default, out var notification, out var error), error?.Message);
        return notification;
    }

    [Fact]
    public void TryDecode_RealFiring_OpenSignal()
    {
        var n = DecodeSample("alertmanager-0.25-firing.json");

        Assert.Equal(("{}:{alertname=\"HighLatency\"}", "vigil", "firing"), (n.GroupKey, n.Receiver, n.Status));
        var s = Assert.Single(n.Signals);
        Assert.Equal("service/checkout", s.Entity);
        Assert.Equal("5743f20a632799fd", s.Fingerprint);
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T19:12:20.1049091Z", System.Globalization.CultureInfo.InvariantCulture), s.Start);
        Assert.Null(s.End);
        Assert.Equal((90, "p99 latency above 2s"), (s.Severity, s.Summary));
        Assert.Equal("p99 latency of checkout is 3.1s\nfor 5 minutes", s.Evidence["annotations.description"]);
    }

    [Fact]
    public void TryDecode_RealResolved_ClosesTheFiringSignal()
    {
        var firing = Assert.Single(DecodeSample("alertmanager-0.25-firing.json").Signals);
        var resolved = Assert.Single(DecodeSample("alertmanager-0.25-resolved.json").Signals);

        Assert.Equal((firing.Fingerprint, firing.Start), (resolved.Fingerprint, resolved.Start));
        Assert.Equal(DateTimeOffset.Parse("2026-11-29T19:12:26Z", System.Globalization.CultureInfo.InvariantCulture), resolved.End);
        Assert.Equal(firing with { End = resolved.End, Evidence = resolved.Evidence }, resolved);
    }
}
