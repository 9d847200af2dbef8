using Vigil.Core.Ingest;

namespace Vigil.Core.Storage;

/// <summary>One journalled batch.</summary>
/// <param name="Sequence">Its position in the journal (ascending, gap-free is not promised).</param>
/// <param name="Batch">The batch.</param>
public sealed record JournalEntry(long Sequence, MetricBatch Batch);

/// <summary>
/// The ingest journal: a decoded batch is durable when <see cref="AppendAsync"/> completes, before the receiver
/// acknowledges it; replayed on restart; trimmed once its samples sit in sealed chunks.
/// </summary>
public interface IIngestJournal
{
    /// <summary>Makes the batch durable and returns its sequence number.</summary>
    Task<long> AppendAsync(MetricBatch batch, CancellationToken cancellationToken = default);

    /// <summary>All entries still in the journal, oldest first.</summary>
    IAsyncEnumerable<JournalEntry> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries with a sequence below <paramref name="sequence"/>.</summary>
    Task TrimBeforeAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>Bytes the journal holds now.</summary>
    long SizeBytes { get; }
}
