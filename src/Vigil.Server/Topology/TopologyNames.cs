using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Topology;

namespace Vigil.Server.Topology;

/// <summary>The spelling of entity kinds, edge kinds and sources in JSON and YAML: lower case, words joined by <c>-</c> or <c>_</c>.</summary>
internal static class TopologyNames
{
    public static string Format(EntityKind kind) => kind switch
    {
        EntityKind.LoadBalancer => "load_balancer",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Format(EdgeKind kind) => kind switch
    {
        EdgeKind.RunsOn => "runs-on",
        EdgeKind.DependsOn => "depends-on",
        EdgeKind.PartOf => "part-of",
        _ => "calls",
    };

    public static string Format(TopologySource source) => source == TopologySource.Declared ? "declared" : "inferred";

    public static string Format(ChangeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses an enum value spelled in any case with or without <c>-</c>/<c>_</c>; null or empty gives <paramref name="fallback"/>.</summary>
    public static bool TryParse<T>(string? text, T fallback, string path, out T value, [NotNullWhen(false)] out string? error)
        where T : struct, Enum
    {
        error = null;
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        var compact = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), compact, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        error = $"{path}: \"{text}\" is not one of {string.Join(", ", Enum.GetValues<T>().Select(Spell))}";
        return false;
    }

    private static string Spell<T>(T value) where T : struct, Enum => value switch
    {
        EntityKind k => Format(k),
        EdgeKind k => Format(k),
        ChangeKind k => Format(k),
        _ => value.ToString().ToLowerInvariant(),
    };
}
