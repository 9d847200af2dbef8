using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Topology;

/// <summary>
/// Reads the declared topology from a YAML file (<c>Topology:File</c> in the server config): the same shape as the
/// API's JSON, <c>entities: [{id, kind, labels}]</c> and <c>edges: [{from, to, kind}]</c>. Every error names the
/// file, the line and the field.
/// </summary>
public static class TopologyFile
{
    /// <summary>Parses YAML text; <paramref name="name"/> prefixes errors (the file's path).</summary>
    public static bool TryParse(string yaml, string name, [NotNullWhen(true)] out TopologyDocument? document, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        document = null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            error = $"{name}:{e.Start.Line}: {e.Message}";
            return false;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            document = new TopologyDocument();
            error = null;
            return true;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            error = $"{name}:{Line(stream.Documents[0].RootNode)}: the file must be a mapping with entities and edges";
            return false;
        }
        var entities = new List<TopologyEntityDto>();
        var edges = new List<TopologyEdgeDto>();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = Scalar(keyNode);
            if (key is not ("entities" or "edges"))
            {
                error = $"{name}:{Line(keyNode)}: unknown key \"{key}\" (expected entities and edges)";
                return false;
            }
            if (valueNode is YamlScalarNode { Value: null or "" })
            {
                continue;
            }
            if (valueNode is not YamlSequenceNode items)
            {
                error = $"{name}:{Line(valueNode)}: {key}: must be a list";
                return false;
            }
            for (var i = 0; i < items.Children.Count; i++)
            {
                var ok = key == "entities"
                    ? TryEntity(items.Children[i], $"{key}[{i}]", entities, out error)
                    : TryEdge(items.Children[i], $"{key}[{i}]", edges, out error);
                if (!ok)
                {
                    error = $"{name}:{error}";
                    return false;
                }
            }
        }
        document = new TopologyDocument { Entities = entities, Edges = edges };
        error = null;
        return true;
    }

    /// <summary>Reads and parses a file; errors name the path and line.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out TopologyDocument? document, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        document = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: {e.Message}";
            return false;
        }
        return TryParse(text, path, out document, out error);
    }

    private static bool TryEntity(YamlNode node, string path, List<TopologyEntityDto> into, [NotNullWhen(false)] out string? error)
    {
        if (!TryFields(node, path, ["id", "kind", "labels", "source"], out var fields, out error))
        {
            return false;
        }
        Dictionary<string, string>? labels = null;
        if (fields.TryGetValue("labels", out var labelsNode) && labelsNode is not YamlScalarNode { Value: null or "" })
        {
            if (labelsNode is not YamlMappingNode map)
            {
                error = $"{Line(labelsNode)}: {path}.labels: must be a mapping of names to values";
                return false;
            }
            labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                if (v is not YamlScalarNode value)
                {
                    error = $"{Line(v)}: {path}.labels.{Scalar(k)}: must be a single value";
                    return false;
                }
                labels[Scalar(k)] = value.Value ?? "";
            }
        }
        into.Add(new TopologyEntityDto
        {
            Id = Value(fields, "id"),
            Kind = Value(fields, "kind"),
            Source = Value(fields, "source"),
            Labels = labels,
            Line = Line(node),
        });
        return true;
    }

    private static bool TryEdge(YamlNode node, string path, List<TopologyEdgeDto> into, [NotNullWhen(false)] out string? error)
    {
        if (!TryFields(node, path, ["from", "to", "kind", "source"], out var fields, out error))
        {
            return false;
        }
        into.Add(new TopologyEdgeDto
        {
            From = Value(fields, "from"),
            To = Value(fields, "to"),
            Kind = Value(fields, "kind"),
            Source = Value(fields, "source"),
            Line = Line(node),
        });
        return true;
    }

    private static bool TryFields(YamlNode node, string path, string[] allowed, out Dictionary<string, YamlNode> fields, [NotNullWhen(false)] out string? error)
    {
        fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            error = $"{Line(node)}: {path}: must be a mapping";
            return false;
        }
        foreach (var (k, v) in map.Children)
        {
            var key = Scalar(k);
            if (Array.IndexOf(allowed, key) < 0)
            {
                error = $"{Line(k)}: {path}: unknown field \"{key}\" (expected {string.Join(", ", allowed)})";
                return false;
            }
            if (key != "labels" && v is not YamlScalarNode)
            {
                error = $"{Line(v)}: {path}.{key}: must be a single value";
                return false;
            }
            fields[key] = v;
        }
        error = null;
        return true;
    }

    private static string? Value(Dictionary<string, YamlNode> fields, string key) =>
        fields.TryGetValue(key, out var node) ? ((YamlScalarNode)node).Value : null;

    private static string Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : node.ToString();

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
