using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Correlation.Incidents;

/// <summary>
/// A grouping rule as people know them from Alertmanager routes and BigPanda patterns: signals whose labels match
/// every matcher are grouped by the values of <see cref="GroupBy"/>; a signal joins the group's incident while that
/// incident was active within <see cref="Window"/>. Rules apply before the learned grouping, first match wins.
/// </summary>
/// <param name="Name">Its name, shown in grouping reasons.</param>
/// <param name="Matchers">Which signals it takes; empty takes every signal.</param>
/// <param name="GroupBy">Label names whose values make the group.</param>
/// <param name="Window">How long after the group's last activity a signal still joins it.</param>
public sealed record CorrelationRule(string Name, ImmutableArray<LabelMatcher> Matchers, ImmutableArray<string> GroupBy, TimeSpan Window)
{
    /// <summary>Throws naming the rule and the bad field.</summary>
    public CorrelationRule Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("a rule needs a name", nameof(Name));
        }
        if (GroupBy.IsDefaultOrEmpty || GroupBy.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"rule \"{Name}\": groupBy needs at least one label name and no empty one", nameof(GroupBy));
        }
        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, $"rule \"{Name}\": window must be positive");
        }
        return this;
    }

    /// <summary>True when every matcher matches the signal's labels.</summary>
    public bool Matches(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        foreach (var matcher in Matchers.IsDefault ? [] : Matchers)
        {
            if (!matcher.Matches(signal.Labels))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The group a matching signal falls in: <c>name{a="x",b="y"}</c> (missing labels as empty values).</summary>
    public string GroupKeyOf(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return $"{Name}{{{string.Join(',', GroupBy.Select(n => $"{n}=\"{signal.Labels.Get(n) ?? ""}\""))}}}";
    }
}
