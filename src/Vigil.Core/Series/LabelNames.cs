using System.Buffers;
using System.Text;

namespace Vigil.Core.Series;

/// <summary>Validation of metric and label names as Prometheus defines them (legacy, non-UTF-8 name validation).</summary>
public static class LabelNames
{
    private static readonly SearchValues<char> NameStart = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    private static readonly SearchValues<char> NameRest = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
    private static readonly SearchValues<char> MetricStart = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:");
    private static readonly SearchValues<char> MetricRest = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:0123456789");

    /// <summary>True when <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name) =>
        name.Length > 0 && NameStart.Contains(name[0]) && !name[1..].ContainsAnyExcept(NameRest);

    /// <summary>True when <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name) =>
        name.Length > 0 && MetricStart.Contains(name[0]) && !name[1..].ContainsAnyExcept(MetricRest);

    /// <summary>Escapes a label value as Prometheus prints it inside double quotes.</summary>
    public static string EscapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => sb.Append(@"\\"),
                '"' => sb.Append("\\\""),
                '\n' => sb.Append(@"\n"),
                _ => sb.Append(c),
            };
        }
        return sb.ToString();
    }
}
