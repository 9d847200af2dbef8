using System.Text.RegularExpressions;

namespace Vigil.Core.Series;

/// <summary>How a matcher compares a label value.</summary>
public enum LabelMatchType
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>=~</c>, a fully anchored regular expression.</summary>
    Regex,
    /// <summary><c>!~</c></summary>
    NotRegex,
}

/// <summary>
/// A Prometheus label matcher such as <c>job=~"api.*"</c>. A missing label matches as the empty string,
/// and regular expressions are anchored at both ends, as in PromQL.
/// </summary>
public sealed class LabelMatcher : IEquatable<LabelMatcher>
{
    private readonly Regex? _regex;

    /// <summary>Creates a matcher; throws <see cref="ArgumentException"/> for an invalid regular expression.</summary>
    public LabelMatcher(string name, LabelMatchType type, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Type = type;
        Value = value;
        if (type is LabelMatchType.Regex or LabelMatchType.NotRegex)
        {
            // NonBacktracking: linear time whatever the pattern, like Prometheus's RE2.
            _regex = new Regex($"^(?:{value})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
    }

    /// <summary>The label name.</summary>
    public string Name { get; }

    /// <summary>The comparison.</summary>
    public LabelMatchType Type { get; }

    /// <summary>The value or pattern.</summary>
    public string Value { get; }

    /// <summary>True when the matcher accepts the empty string, i.e. series without the label.</summary>
    public bool MatchesEmpty => Matches("");

    /// <summary>Whether a label value (null or empty when absent) satisfies the matcher.</summary>
    public bool Matches(string? value)
    {
        value ??= "";
        return Type switch
        {
            LabelMatchType.Equal => value == Value,
            LabelMatchType.NotEqual => value != Value,
            LabelMatchType.Regex => _regex!.IsMatch(value),
            LabelMatchType.NotRegex => !_regex!.IsMatch(value),
            _ => false,
        };
    }

    /// <summary>Whether a label set satisfies the matcher.</summary>
    public bool Matches(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Matches(labels.Get(Name));
    }

    /// <inheritdoc/>
    public bool Equals(LabelMatcher? other) => other is not null && Name == other.Name && Type == other.Type && Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LabelMatcher);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Type, Value);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}{Type switch
    {
        LabelMatchType.Equal => "=",
        LabelMatchType.NotEqual => "!=",
        LabelMatchType.Regex => "=~",
        _ => "!~",
    }}\"{LabelNames.EscapeValue(Value)}\"";
}
