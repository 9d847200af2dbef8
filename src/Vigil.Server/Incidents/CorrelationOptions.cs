using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Correlation.Grouping;
using Vigil.Correlation.Incidents;
using Vigil.Engine.Incidents;

namespace Vigil.Server.Incidents;

/// <summary>
/// The <c>Correlation</c> section of the config file: grouping rules, windows and flap damping. Durations as
/// <c>hh:mm:ss</c> (e.g. <c>00:05:00</c>).
/// </summary>
public sealed class CorrelationOptions
{
    /// <summary>Grouping rules, applied in order before the learned grouping.</summary>
    public List<CorrelationRuleOptions> Rules { get; set; } = [];

    /// <summary>Learned grouping: a signal joins an incident active at most this long before. Default 5 min.</summary>
    public TimeSpan MaxGap { get; set; } = new GroupingOptions().MaxGap;

    /// <summary>Learned grouping: most topology hops between related entities. Default: <see cref="GroupingOptions.MaxTopologyHops"/>.</summary>
    public int MaxTopologyHops { get; set; } = new GroupingOptions().MaxTopologyHops;

    /// <summary>Learned grouping: least label Jaccard for related signals. Default 0.6.</summary>
    public double MinLabelSimilarity { get; set; } = 0.6;

    /// <summary>A signal that would open an incident waits this long; over by then and alone, it opens none.
    /// Default: <see cref="IncidentCorrelatorOptions.TransientPause"/>.</summary>
    public TimeSpan TransientPause { get; set; } = new IncidentCorrelatorOptions().TransientPause;

    /// <summary>Least severity (0–100) for a lone signal still open after the pause to open an incident by itself.
    /// Default: <see cref="IncidentCorrelatorOptions.LoneSignalSeverity"/>.</summary>
    public int LoneSignalSeverity { get; set; } = new IncidentCorrelatorOptions().LoneSignalSeverity;

    /// <summary>Auto-resolve this long after every member signal ended. Default 5 min.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A recurrence this soon after resolution reopens the incident. Default 1 h.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>More opens/closes than this within <see cref="FlapWindow"/> is flapping. Default 4.</summary>
    public int FlapThreshold { get; set; } = 4;

    /// <summary>The flap window. Default 15 min.</summary>
    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether dependents of a troubled dependency are inhibited. Default true.</summary>
    public bool Inhibit { get; set; } = true;

    /// <summary>How often quiet incidents are checked for auto-resolve. Default 10 s.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Builds the engine's options; throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public IncidentOptions ToIncidentOptions()
    {
        var rules = ImmutableArray.CreateBuilder<CorrelationRule>();
        for (var i = 0; i < Rules.Count; i++)
        {
            rules.Add(Rules[i].ToRule($"Rules[{i}]"));
        }
        return new IncidentOptions
        {
            TickInterval = TickInterval,
            Correlator = new IncidentCorrelatorOptions
            {
                Grouping = new GroupingOptions { MaxGap = MaxGap, MaxTopologyHops = MaxTopologyHops, MinLabelSimilarity = MinLabelSimilarity },
                Rules = rules.ToImmutable(),
                QuietPeriod = QuietPeriod,
                TransientPause = TransientPause,
                LoneSignalSeverity = LoneSignalSeverity,
                ReopenWindow = ReopenWindow,
                FlapThreshold = FlapThreshold,
                FlapWindow = FlapWindow,
                Inhibit = Inhibit,
            },
        }.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate() => ToIncidentOptions();
}

/// <summary>A grouping rule in the config file.</summary>
public sealed class CorrelationRuleOptions
{
    /// <summary>Its name.</summary>
    public string? Name { get; set; }

    /// <summary>Which signals: a label selector such as <c>{alertname=~"Node.*",env="prod"}</c>; empty takes all.</summary>
    public string? Match { get; set; }

    /// <summary>Label names that make the group, e.g. <c>[cluster, alertname]</c>.</summary>
    public List<string> GroupBy { get; set; } = [];

    /// <summary>A signal joins its group's incident while that was active within this. Default 5 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    internal CorrelationRule ToRule(string where)
    {
        IReadOnlyList<LabelMatcher> matchers = [];
        if (!string.IsNullOrWhiteSpace(Match) && !SeriesSelector.TryParse(Match, out matchers, out var error))
        {
            throw new ArgumentException($"{where}.Match: {error}");
        }
        try
        {
            return new CorrelationRule(Name ?? "", [.. matchers], [.. GroupBy], Window).Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{where}: {e.Message}", e);
        }
    }
}
