using Vigil.Core.Ingest;

namespace Vigil.Core.Storage;

/// <summary>One journalled batch, or a row that could not be read back.</summary>
/// <param name="Sequence">Its position in the journal (ascending, gap-free is not promised).</param>
/// <param name="Batch">The batch; <see cref="MetricBatch.Empty"/> when the row is corrupt.</param>
/// <param name="Error">Null, or what was wrong with a corrupt or truncated row (the replay reports it and goes on).</param>
public sealed record JournalEntry(long Sequence, MetricBatch Batch, string? Error = null)
{
    /// <summary>True when the row could not be decoded; see <see cref="Error"/>.</summary>
    public bool IsCorrupt => Error is not null;
}

/// <summary>
/// The ingest journal: a decoded batch is durable when <see cref="AppendAsync"/> completes, before the receiver
/// acknowledges it; replayed on restart; trimmed once its samples sit in sealed chunks.
/// </summary>
public interface IIngestJournal
{
    /// <summary>Makes the batch durable and returns its sequence number.</summary>
    Task<long> AppendAsync(MetricBatch batch, CancellationToken cancellationToken = default);

    /// <summary>All entries still in the journal, oldest first; corrupt rows come back with <see cref="JournalEntry.Error"/> set.</summary>
    IAsyncEnumerable<JournalEntry> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries with a sequence below <paramref name="sequence"/>.</summary>
    Task TrimBeforeAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>Bytes the journal holds now.</summary>
    long SizeBytes { get; }
}
