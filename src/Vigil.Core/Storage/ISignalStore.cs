using Vigil.Core.Signals;

namespace Vigil.Core.Storage;

/// <summary>Filters for a signal query; null means "any".</summary>
public sealed record SignalQuery
{
    /// <summary>Only these kinds.</summary>
    public SignalKind? Kind { get; init; }

    /// <summary>Only this entity.</summary>
    public string? Entity { get; init; }

    /// <summary>Only signals active at or after this time (end is null or ≥ it).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only signals that started at or before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only signals at least this severe.</summary>
    public int? MinSeverity { get; init; }

    /// <summary>Only open (true) or only ended (false) signals.</summary>
    public bool? Open { get; init; }

    /// <summary>Most signals returned, newest first (default 1000).</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>The signals table.</summary>
public interface ISignalStore
{
    /// <summary>Inserts or replaces signals by (fingerprint, start).</summary>
    Task UpsertAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken = default);

    /// <summary>Signals matching the query, newest start first.</summary>
    Task<IReadOnlyList<Signal>> QueryAsync(SignalQuery query, CancellationToken cancellationToken = default);

    /// <summary>The signal with this fingerprint and start, if any.</summary>
    Task<Signal?> FindAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default);

    /// <summary>Records a person's verdict on a signal (every verdict is kept, in order).</summary>
    Task RecordFeedbackAsync(SignalFeedback feedback, CancellationToken cancellationToken = default);

    /// <summary>The verdicts on the signal with this fingerprint and start, oldest first.</summary>
    Task<IReadOnlyList<SignalFeedback>> FeedbackAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default);
}
