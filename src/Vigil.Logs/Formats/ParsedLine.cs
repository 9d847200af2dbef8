namespace Vigil.Logs.Formats;

/// <summary>A log line split into its header fields and its message.</summary>
/// <param name="Format">How the header was read.</param>
/// <param name="Content">The message: what template mining looks at.</param>
/// <param name="Fields">The header fields in line order (names as in the format, or the JSON/logfmt keys).</param>
public sealed record ParsedLine(LineFormat Format, string Content, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The value of the first field named <paramref name="name"/> (ordinal, case-insensitive), or null.</summary>
    /// <param name="name">A field name such as <c>Level</c>.</param>
    /// <returns>The value, or null when there is no such field.</returns>
    public string? GetField(string name)
    {
        foreach (var (key, value) in Fields)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }
}
