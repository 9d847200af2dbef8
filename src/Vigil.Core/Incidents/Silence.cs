using System.Collections.Immutable;
using Vigil.Core.Series;

namespace Vigil.Core.Incidents;

/// <summary>
/// Alertmanager's silence: signals whose labels match every matcher while it is active are recorded but open no
/// incident and notify nobody.
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="Matchers">Label matchers; all must match.</param>
/// <param name="Starts">When it begins.</param>
/// <param name="Ends">When it ends (after <paramref name="Starts"/>).</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="Comment">Why.</param>
public sealed record Silence(long Id, ImmutableArray<LabelMatcher> Matchers, DateTimeOffset Starts, DateTimeOffset Ends, string CreatedBy, string Comment)
{
    /// <summary>True when active at <paramref name="at"/>.</summary>
    public bool IsActiveAt(DateTimeOffset at) => at >= Starts && at < Ends;

    /// <summary>True when every matcher matches <paramref name="labels"/>.</summary>
    public bool Matches(Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var matcher in Matchers)
        {
            if (!matcher.Matches(labels))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>Planned work on some entities: their signals are recorded but open no incident and notify nobody.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Entities">The entities under maintenance (topology ids or signal entities).</param>
/// <param name="Starts">When it begins.</param>
/// <param name="Ends">When it ends.</param>
/// <param name="CreatedBy">Who planned it.</param>
/// <param name="Comment">What the work is.</param>
public sealed record MaintenanceWindow(long Id, ImmutableArray<string> Entities, DateTimeOffset Starts, DateTimeOffset Ends, string CreatedBy, string Comment)
{
    /// <summary>True when active at <paramref name="at"/>.</summary>
    public bool IsActiveAt(DateTimeOffset at) => at >= Starts && at < Ends;
}
