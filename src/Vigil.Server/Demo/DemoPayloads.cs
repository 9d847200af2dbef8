using System.Globalization;
using System.Text.Json;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Topology;
using Vigil.Ingest.RemoteWrite;
using Vigil.Server.Topology;
using Vigil.Simulation.Fleet;
using Vigil.Simulation.Generation;

namespace Vigil.Server.Demo;

/// <summary>
/// The simulated fleet's output in the wire formats real senders use: Prometheus remote write (snappy + protobuf),
/// OTLP/HTTP logs JSON, and Alertmanager's webhook JSON (version 4).
/// </summary>
public static class DemoPayloads
{
    /// <summary>Receiver name the simulated Alertmanager posts as.</summary>
    public const string Receiver = "vigil-demo";

    /// <summary>A remote write body with every metric point of <paramref name="frames"/>, one time series per key (samples in time order).</summary>
    public static byte[] RemoteWrite(IReadOnlyList<SimulationFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var series = new Dictionary<SeriesKey, List<Sample>>();
        var order = new List<SeriesKey>();
        foreach (var frame in frames)
        {
            var ms = frame.Timestamp.ToUnixTimeMilliseconds();
            foreach (var point in frame.Metrics)
            {
                if (!series.TryGetValue(point.Key, out var samples))
                {
                    series[point.Key] = samples = [];
                    order.Add(point.Key);
                }
                samples.Add(new Sample(ms, point.Value));
            }
        }
        return RemoteWriteEncoder.Encode(new MetricBatch([.. order.Select(k => new SeriesSamples(k, [.. series[k]]))]));
    }

    /// <summary>An OTLP/HTTP <c>ExportLogsServiceRequest</c> in JSON: one resource per service (<c>service.name</c>, <c>host.name</c>).</summary>
    public static byte[] OtlpLogs(IReadOnlyList<SimulatedLogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceLogs");
            foreach (var service in lines.GroupBy(static l => (l.Service, l.Host)))
            {
                json.WriteStartObject();
                json.WriteStartObject("resource");
                json.WriteStartArray("attributes");
                Attribute(json, "service.name", service.Key.Service);
                Attribute(json, "host.name", service.Key.Host);
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartArray("scopeLogs");
                json.WriteStartObject();
                json.WriteStartObject("scope");
                json.WriteString("name", "vigil.demo");
                json.WriteEndObject();
                json.WriteStartArray("logRecords");
                foreach (var line in service)
                {
                    json.WriteStartObject();
                    json.WriteString("timeUnixNano", (line.Timestamp.ToUnixTimeMilliseconds() * 1_000_000L).ToString(CultureInfo.InvariantCulture));
                    json.WriteNumber("severityNumber", line.Severity switch { "ERROR" => 17, "WARN" => 13, _ => 9 });
                    json.WriteString("severityText", line.Severity);
                    json.WriteStartObject("body");
                    json.WriteString("stringValue", line.Body);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>An Alertmanager webhook message (version 4) carrying <paramref name="alerts"/>, firing or resolved.</summary>
    public static byte[] AlertmanagerWebhook(IReadOnlyList<SimulatedAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("version", "4");
            json.WriteString("groupKey", "{}:{alertname=~\".+\"}");
            json.WriteNumber("truncatedAlerts", 0);
            json.WriteString("status", alerts.Any(static a => a.IsFiring) ? "firing" : "resolved");
            json.WriteString("receiver", Receiver);
            json.WriteString("externalURL", "http://alertmanager.demo:9093");
            json.WriteStartArray("alerts");
            foreach (var alert in alerts)
            {
                json.WriteStartObject();
                json.WriteString("status", alert.IsFiring ? "firing" : "resolved");
                json.WriteStartObject("labels");
                foreach (var label in alert.Labels)
                {
                    json.WriteString(label.Name, label.Value);
                }
                json.WriteEndObject();
                json.WriteStartObject("annotations");
                json.WriteString("summary", alert.Summary);
                json.WriteEndObject();
                json.WriteString("startsAt", alert.StartsAt.ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("endsAt", alert.EndsAt is { } end ? end.ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z");
                json.WriteString("generatorURL", "http://prometheus.demo:9090/graph");
                json.WriteString("fingerprint", alert.Labels.StableHash.ToString("x16", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>The fleet as a declared topology for <c>PUT /api/v1/topology</c>: ids as Vigil infers them from labels (<c>service/NAME</c>, <c>host/NAME</c>), with the call edges labels cannot show.</summary>
    public static byte[] Topology(FleetModel fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("entities");
            foreach (var entity in fleet.Entities)
            {
                json.WriteStartObject();
                json.WriteString("id", EntityId(entity.Id, entity.Kind));
                json.WriteString("kind", TopologyNames.Format(entity.Kind));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var edge in fleet.Edges)
            {
                json.WriteStartObject();
                json.WriteString("from", EntityId(edge.From, EntityKind.Service));
                json.WriteString("to", EntityId(edge.To, edge.Kind == EdgeKind.RunsOn ? EntityKind.Host : EntityKind.Service));
                json.WriteString("kind", TopologyNames.Format(edge.Kind));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>A deploy for <c>POST /api/v1/changes</c>.</summary>
    public static byte[] Change(ChangeEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("entity", EntityId(change.Entity, EntityKind.Service));
            json.WriteString("kind", TopologyNames.Format(change.Kind));
            json.WriteString("description", change.Description);
            json.WriteString("timestamp", change.Timestamp.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>The id Vigil's label inference gives a fleet entity: <c>host/NAME</c> for hosts, <c>service/NAME</c> for every service (whatever its kind, since its series carry a <c>service</c> label).</summary>
    public static string EntityId(string name, EntityKind kind) => kind == EntityKind.Host ? "host/" + name : "service/" + name;

    private static void Attribute(Utf8JsonWriter json, string key, string value)
    {
        json.WriteStartObject();
        json.WriteString("key", key);
        json.WriteStartObject("value");
        json.WriteString("stringValue", value);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
