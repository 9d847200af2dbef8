using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Core.Topology;

namespace Vigil.Server.Topology;

/// <summary>An entity as the topology API and file spell it.</summary>
public sealed record TopologyEntityDto
{
    /// <summary>The id, e.g. <c>service/checkout</c> or <c>db-1</c>.</summary>
    public string? Id { get; init; }

    /// <summary>service, host, container, pod, database, queue, load_balancer, external, namespace or unknown (default).</summary>
    public string? Kind { get; init; }

    /// <summary>Attributes (label names as Prometheus allows them).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary><c>declared</c> or <c>inferred</c>; on input only <c>declared</c> (or nothing) is accepted.</summary>
    public string? Source { get; init; }

    /// <summary>When it was first stored (output only).</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>When it was last declared or inferred (output only).</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Line of the file it was read from, for error messages.</summary>
    [JsonIgnore]
    internal int? Line { get; init; }

    internal static TopologyEntityDto From(StoredEntity stored) => From(stored.Entity, stored.Source) with { FirstSeen = stored.FirstSeen, LastSeen = stored.LastSeen };

    internal static TopologyEntityDto From(Entity entity, TopologySource source) => new()
    {
        Id = entity.Id,
        Kind = TopologyNames.Format(entity.Kind),
        Labels = entity.Labels.Count == 0 ? null : entity.Labels.ToDictionary(static l => l.Name, static l => l.Value, StringComparer.Ordinal),
        Source = TopologyNames.Format(source),
    };
}

/// <summary>An edge as the topology API and file spell it: from the dependent to its dependency.</summary>
public sealed record TopologyEdgeDto
{
    /// <summary>The dependent (caller, container…).</summary>
    public string? From { get; init; }

    /// <summary>The dependency (callee, host…).</summary>
    public string? To { get; init; }

    /// <summary>calls (default), runs-on, depends-on or part-of.</summary>
    public string? Kind { get; init; }

    /// <summary><c>declared</c> or <c>inferred</c>; on input only <c>declared</c> (or nothing) is accepted.</summary>
    public string? Source { get; init; }

    /// <summary>When it was first stored (output only).</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>When it was last declared or inferred (output only).</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Line of the file it was read from, for error messages.</summary>
    [JsonIgnore]
    internal int? Line { get; init; }

    internal static TopologyEdgeDto Of(StoredEdge stored) => Of(stored.Edge, stored.Source) with { FirstSeen = stored.FirstSeen, LastSeen = stored.LastSeen };

    internal static TopologyEdgeDto Of(TopologyEdge edge, TopologySource source) => new()
    {
        From = edge.From,
        To = edge.To,
        Kind = TopologyNames.Format(edge.Kind),
        Source = TopologyNames.Format(source),
    };
}

/// <summary>A topology: <c>{entities: [...], edges: [...]}</c>, the body of <c>PUT /api/v1/topology</c> and the shape of the topology file.</summary>
public sealed record TopologyDocument
{
    /// <summary>The entities.</summary>
    public IReadOnlyList<TopologyEntityDto>? Entities { get; init; }

    /// <summary>The edges.</summary>
    public IReadOnlyList<TopologyEdgeDto>? Edges { get; init; }

    /// <summary>Most entities or edges one document may hold.</summary>
    public const int MaxItems = 100_000;

    /// <summary>Longest id.</summary>
    public const int MaxIdLength = 512;

    /// <summary>
    /// Validates the document and converts it to entities and edges; false with an error naming the item (and its
    /// line, for a file) and the field.
    /// </summary>
    public bool TryConvert(out IReadOnlyList<Entity> entities, out IReadOnlyList<TopologyEdge> edges, [NotNullWhen(false)] out string? error)
    {
        entities = [];
        edges = [];
        var inEntities = Entities ?? [];
        var inEdges = Edges ?? [];
        if (inEntities.Count > MaxItems || inEdges.Count > MaxItems)
        {
            error = $"{(inEntities.Count > MaxItems ? "entities" : "edges")}: more than {MaxItems} items";
            return false;
        }
        var outEntities = new List<Entity>(inEntities.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < inEntities.Count; i++)
        {
            if (!TryConvert(inEntities[i], $"entities[{i}]", out var entity, out error))
            {
                return false;
            }
            if (!ids.Add(entity.Id))
            {
                error = $"{Where(inEntities[i].Line, $"entities[{i}]")}.id: \"{entity.Id}\" is declared twice";
                return false;
            }
            outEntities.Add(entity);
        }
        var outEdges = new List<TopologyEdge>(inEdges.Count);
        for (var i = 0; i < inEdges.Count; i++)
        {
            if (!TryConvert(inEdges[i], $"edges[{i}]", out var edge, out error))
            {
                return false;
            }
            outEdges.Add(edge);
        }
        entities = outEntities;
        edges = outEdges;
        error = null;
        return true;
    }

    /// <summary>Validates one entity; <paramref name="path"/> names it in the error.</summary>
    internal static bool TryConvert(TopologyEntityDto? dto, string path, [NotNullWhen(true)] out Entity? entity, [NotNullWhen(false)] out string? error)
    {
        entity = null;
        if (dto is null)
        {
            error = $"{path}: must be an object";
            return false;
        }
        var at = Where(dto.Line, path);
        if (!TryId(dto.Id, $"{at}.id", out error)
            || !TopologyNames.TryParse(dto.Kind, EntityKind.Unknown, $"{at}.kind", out EntityKind kind, out error)
            || !TryDeclared(dto.Source, $"{at}.source", out error)
            || !TryLabels(dto.Labels, $"{at}.labels", out var labels, out error))
        {
            return false;
        }
        entity = new Entity(dto.Id!, kind) { Labels = labels };
        return true;
    }

    /// <summary>Validates one edge; <paramref name="path"/> names it in the error.</summary>
    internal static bool TryConvert(TopologyEdgeDto? dto, string path, out TopologyEdge edge, [NotNullWhen(false)] out string? error)
    {
        edge = default;
        if (dto is null)
        {
            error = $"{path}: must be an object";
            return false;
        }
        var at = Where(dto.Line, path);
        if (!TryId(dto.From, $"{at}.from", out error)
            || !TryId(dto.To, $"{at}.to", out error)
            || !TopologyNames.TryParse(dto.Kind, EdgeKind.Calls, $"{at}.kind", out EdgeKind kind, out error)
            || !TryDeclared(dto.Source, $"{at}.source", out error))
        {
            return false;
        }
        if (dto.From == dto.To)
        {
            error = $"{at}: an edge from \"{dto.From}\" to itself";
            return false;
        }
        edge = new TopologyEdge(dto.From!, dto.To!, kind);
        return true;
    }

    /// <summary>Labels as the API takes them; false with an error naming the label.</summary>
    internal static bool TryLabels(IReadOnlyDictionary<string, string>? labels, string path, out Labels result, [NotNullWhen(false)] out string? error)
    {
        result = Labels.Empty;
        error = null;
        if (labels is null || labels.Count == 0)
        {
            return true;
        }
        var list = new List<Label>(labels.Count);
        foreach (var (name, value) in labels)
        {
            if (!LabelNames.IsValidLabelName(name) || name == Label.MetricName)
            {
                error = $"{path}: \"{name}\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not __name__)";
                return false;
            }
            list.Add(new Label(name, value ?? ""));
        }
        if (!Labels.TryFrom([.. list], out result, out var labelError))
        {
            error = $"{path}: {labelError.Message}";
            return false;
        }
        return true;
    }

    private static string Where(int? line, string path) => line is { } l ? $"line {l}: {path}" : path;

    private static bool TryId(string? id, string path, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            error = $"{path}: required";
            return false;
        }
        if (id.Length > MaxIdLength)
        {
            error = $"{path}: longer than {MaxIdLength} characters";
            return false;
        }
        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                error = $"{path}: \"{id}\" holds a control character";
                return false;
            }
        }
        error = null;
        return true;
    }

    private static bool TryDeclared(string? source, string path, [NotNullWhen(false)] out string? error)
    {
        if (source is null || string.Equals(source, "declared", StringComparison.OrdinalIgnoreCase))
        {
            error = null;
            return true;
        }
        error = $"{path}: \"{source}\" cannot be written; only declared entries can (inferred ones come from ingested labels)";
        return false;
    }
}
