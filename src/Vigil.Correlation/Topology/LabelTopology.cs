using Vigil.Core.Signals;
using Vigil.Core.Topology;

namespace Vigil.Correlation.Topology;

/// <summary>
/// Topology read from a signal's labels when no store knows better: the <c>service</c> (else <c>job</c>) runs on the
/// <c>host</c> (else the host part of <c>instance</c>), and a <c>depends_on</c> label (comma-separated) names the
/// service's dependencies. Edges point from the dependent to the dependency, as everywhere.
/// </summary>
public static class LabelTopology
{
    /// <summary>The entities and edges a signal's labels imply.</summary>
    public static (List<Entity> Entities, List<TopologyEdge> Edges) Infer(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var entities = new List<Entity>();
        var edges = new List<TopologyEdge>();
        var labels = signal.Labels;
        var service = Value(labels.Get("service")) ?? Value(labels.Get("job"));
        var host = Value(labels.Get("host")) ?? HostOf(labels.Get("instance"));
        if (service is not null)
        {
            entities.Add(new Entity(service, EntityKind.Service));
        }
        if (host is not null && host != service)
        {
            entities.Add(new Entity(host, EntityKind.Host));
            if (service is not null)
            {
                edges.Add(new TopologyEdge(service, host, EdgeKind.RunsOn));
            }
        }
        if (service is not null && Value(labels.Get("depends_on")) is { } dependsOn)
        {
            foreach (var dependency in dependsOn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (dependency != service)
                {
                    edges.Add(new TopologyEdge(service, dependency, EdgeKind.Calls));
                }
            }
        }
        return (entities, edges);
    }

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? HostOf(string? instance)
    {
        if (Value(instance) is not { } text)
        {
            return null;
        }
        // host:port, [v6]:port
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            return close > 1 ? text[1..close] : text;
        }
        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon ? text[..colon] : text;
    }
}
