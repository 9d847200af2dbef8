using System.Collections.Frozen;

namespace Vigil.Correlation.RootCause;

/// <summary>Settings of root-cause ranking. Validated by <see cref="Validate"/> (the analyzers call it once).</summary>
public sealed record RootCauseOptions
{
    /// <summary>Robust z-score above which a node counts as anomalous. Default 4.</summary>
    public double AnomalyThreshold { get; init; } = 4;

    /// <summary>Robust z-score the symptom must pass (on any statistic of its metric) for an analysis to run; below it
    /// the answer is "no issue", an empty list. Default 4.5.</summary>
    public double TriggerThreshold { get; init; } = 4.5;

    /// <summary>Row of the abnormal window where the violation is reported (PetShop: the third row). Default 2.</summary>
    public int TriggerRow { get; init; } = 2;

    /// <summary>How many rows from <see cref="TriggerRow"/> on may hold the first anomalous point of the symptom;
    /// farther anomalies belong to another incident. Default 3 (PetShop's abnormal windows are five rows).</summary>
    public int SearchRows { get; init; } = 3;

    /// <summary>Fewest finite normal values a series needs to get a baseline (PetShop's baseline uses 10).</summary>
    public int MinNormalPoints { get; init; } = 10;

    /// <summary>Whether the trigger may come from another statistic of the symptom's metric (p90 when Average was
    /// named): a slow tail moves p95 long before it moves the mean. Default true.</summary>
    public bool TriggerOnAnyStatistic { get; init; } = true;

    /// <summary>Score multiplier for a candidate whose dependencies are observed and all normal (a confirmed origin,
    /// as opposed to a leaf whose own dependencies nobody sees). Default 1.5.</summary>
    public double VerifiedOriginBoost { get; init; } = 1.5;

    /// <summary>How far before the trigger a change event still counts. Default 30 minutes.</summary>
    public TimeSpan ChangeWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Score multiplier for a candidate changed within <see cref="ChangeWindow"/>. Default 1.5.</summary>
    public double ChangeBoost { get; init; } = 1.5;

    /// <summary>Which way each metric goes when things break, by metric name (ordinal, case-insensitive);
    /// unknown metrics count both ways.</summary>
    public IReadOnlyDictionary<string, MetricDirection> Directions { get; init; } = DefaultDirections;

    /// <summary>latency, errors, error_rate and cpu higher is worse; availability and success_rate lower is worse.</summary>
    public static FrozenDictionary<string, MetricDirection> DefaultDirections { get; } = new Dictionary<string, MetricDirection>(StringComparer.OrdinalIgnoreCase)
    {
        ["latency"] = MetricDirection.HigherIsWorse,
        ["errors"] = MetricDirection.HigherIsWorse,
        ["error_rate"] = MetricDirection.HigherIsWorse,
        ["cpu"] = MetricDirection.HigherIsWorse,
        ["availability"] = MetricDirection.LowerIsWorse,
        ["success_rate"] = MetricDirection.LowerIsWorse,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The direction of <paramref name="metric"/>.</summary>
    public MetricDirection DirectionOf(string metric) => Directions.TryGetValue(metric, out var d) ? d : MetricDirection.Both;

    /// <summary>Throws when a setting is out of range.</summary>
    public RootCauseOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(AnomalyThreshold, nameof(AnomalyThreshold));
        ArgumentOutOfRangeException.ThrowIfNegative(TriggerThreshold, nameof(TriggerThreshold));
        ArgumentOutOfRangeException.ThrowIfNegative(TriggerRow, nameof(TriggerRow));
        ArgumentOutOfRangeException.ThrowIfLessThan(SearchRows, 1, nameof(SearchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinNormalPoints, 1, nameof(MinNormalPoints));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChangeWindow, TimeSpan.Zero, nameof(ChangeWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChangeBoost, 1, nameof(ChangeBoost));
        ArgumentOutOfRangeException.ThrowIfLessThan(VerifiedOriginBoost, 1, nameof(VerifiedOriginBoost));
        ArgumentNullException.ThrowIfNull(Directions);
        return this;
    }
}
