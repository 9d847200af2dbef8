using Vigil.Engine.Series;

namespace Vigil.Engine.Ingest;

/// <summary>How an ingest call ended.</summary>
public enum IngestStatus
{
    /// <summary>Durable and applied; <see cref="IngestOutcome.Result"/> says what each sample became.</summary>
    Accepted,
    /// <summary>Too much in flight: nothing was written, retry later (HTTP 429).</summary>
    Overloaded,
    /// <summary>The engine is still replaying its journal: nothing was written, retry later (HTTP 503).</summary>
    NotReady,
}

/// <summary>The outcome of one ingest call.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Result">Per-sample accounting when accepted.</param>
public sealed record IngestOutcome(IngestStatus Status, ShardAppendResult Result)
{
    /// <summary>Refused for load.</summary>
    public static IngestOutcome Overloaded { get; } = new(IngestStatus.Overloaded, ShardAppendResult.Empty);

    /// <summary>Refused while replaying.</summary>
    public static IngestOutcome NotReady { get; } = new(IngestStatus.NotReady, ShardAppendResult.Empty);
}
