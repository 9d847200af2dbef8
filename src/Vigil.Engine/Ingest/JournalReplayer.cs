using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;
using Vigil.Engine.Series;

namespace Vigil.Engine.Ingest;

/// <summary>
/// At start, after the silo: loads the sealed-time watermarks and replays every journalled batch into the shards,
/// then opens ingest. Acknowledged samples that were only in memory when the process died come back this way.
/// Runs in the background: the listener is up meanwhile, so /healthz answers and ingest gets 503 with Retry-After
/// (as a hosted service whose start awaited the replay, it kept the listener closed: connection refused until done).
/// </summary>
public sealed partial class JournalReplayer(
    IIngestJournal journal,
    IChunkStore chunks,
    SealedTimes sealedTimes,
    MetricIngestor ingestor,
    ILogger<JournalReplayer> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await sealedTimes.LoadAsync(chunks, stoppingToken);
        long entries = 0, samples = 0;
        await foreach (var entry in journal.ReadAllAsync(stoppingToken))
        {
            if (entry.IsCorrupt)
            {
                LogCorrupt(entry.Sequence, entry.Error!);
                continue;
            }
            await ingestor.ApplyAsync(entry.Sequence, entry.Batch);
            ingestor.ObserveReplayed(entry.Sequence);
            entries++;
            samples += entry.Batch.SampleCount;
        }
        if (entries > 0)
        {
            LogReplayed(entries, samples);
        }
        ingestor.IsReady = true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal entry {Sequence} is unreadable and was skipped: {Error}")]
    private partial void LogCorrupt(long sequence, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Entries} journal entries ({Samples} samples)")]
    private partial void LogReplayed(long entries, long samples);
}
