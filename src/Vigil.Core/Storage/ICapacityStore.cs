namespace Vigil.Core.Storage;

/// <summary>A capacity target: usage series and the limit they must stay under (or above, for free space).</summary>
/// <param name="Name">Identity of the target: letters, digits, <c>-</c>, <c>_</c>, <c>.</c>.</param>
/// <param name="Match">Series selector of the usage, e.g. <c>node_filesystem_used_bytes{mountpoint="/var"}</c>.</param>
/// <param name="Limit">A static limit, or null when <paramref name="LimitMatch"/> gives one.</param>
/// <param name="LimitMatch">Series selector of a moving limit, e.g. <c>node_filesystem_size_bytes</c>; paired with usage series by their labels other than the name.</param>
/// <param name="Horizon">How far ahead to look.</param>
/// <param name="Step">Resolution the series are read at.</param>
/// <param name="Lookback">How much history to project from.</param>
/// <param name="FromConfig">True for targets that come from the config file (replaced at each start).</param>
public sealed record CapacityTarget(
    string Name,
    string Match,
    double? Limit,
    string? LimitMatch,
    TimeSpan Horizon,
    TimeSpan Step,
    TimeSpan Lookback,
    bool FromConfig = false);

/// <summary>Where a series stands against its limit (mirrors the forecasting library's outcome).</summary>
public enum CapacityOutcome
{
    /// <summary>The latest value is already at or past the limit.</summary>
    AlreadyExceeded,

    /// <summary>The limit is more likely than not crossed within the horizon.</summary>
    Expected,

    /// <summary>Crossing within the horizon is possible but less likely than not.</summary>
    Possible,

    /// <summary>No meaningful chance of crossing within the horizon.</summary>
    NotExpected,

    /// <summary>The series could not be projected (too few points, no matching limit series).</summary>
    Failed,
}

/// <summary>The latest evaluation of one usage series of a target.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Series">The usage series, in Prometheus notation.</param>
/// <param name="EvaluatedAt">When the evaluation ran.</param>
/// <param name="Outcome">The verdict.</param>
/// <param name="MedianDays">Median time to the limit in days, or null beyond the horizon.</param>
/// <param name="LowerDays">Lower end of the interval in days, or null.</param>
/// <param name="UpperDays">Upper end of the interval in days, or null beyond the horizon.</param>
/// <param name="Level">Coverage of the interval in percent.</param>
/// <param name="Probability">Probability of crossing within the horizon.</param>
/// <param name="HorizonDays">The horizon in days.</param>
/// <param name="LastValue">The latest usage value.</param>
/// <param name="LimitValue">The latest limit value.</param>
/// <param name="Summary">One line for a human.</param>
public sealed record CapacityFinding(
    string Target,
    string Series,
    DateTimeOffset EvaluatedAt,
    CapacityOutcome Outcome,
    double? MedianDays,
    double? LowerDays,
    double? UpperDays,
    double Level,
    double Probability,
    double HorizonDays,
    double LastValue,
    double LimitValue,
    string Summary);

/// <summary>Capacity targets and their latest findings.</summary>
public interface ICapacityStore
{
    /// <summary>All targets, by name.</summary>
    Task<IReadOnlyList<CapacityTarget>> ListTargetsAsync(CancellationToken cancellationToken = default);

    /// <summary>The target with this name, if any.</summary>
    Task<CapacityTarget?> FindTargetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a target by name.</summary>
    Task UpsertTargetAsync(CapacityTarget target, CancellationToken cancellationToken = default);

    /// <summary>Deletes a target and its findings; false when there was none.</summary>
    Task<bool> DeleteTargetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Replaces the findings of a target with those of its latest evaluation.</summary>
    Task ReplaceFindingsAsync(string target, IReadOnlyList<CapacityFinding> findings, CancellationToken cancellationToken = default);

    /// <summary>The latest findings of a target, by series.</summary>
    Task<IReadOnlyList<CapacityFinding>> FindingsAsync(string target, CancellationToken cancellationToken = default);
}
