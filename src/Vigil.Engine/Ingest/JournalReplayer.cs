using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;
using Vigil.Engine.Series;

namespace Vigil.Engine.Ingest;

/// <summary>
/// At start, after the silo: loads the sealed-time watermarks and replays every journalled batch into the shards,
/// then opens ingest. Acknowledged samples that were only in memory when the process died come back this way.
/// </summary>
public sealed partial class JournalReplayer(
    IIngestJournal journal,
    IChunkStore chunks,
    SealedTimes sealedTimes,
    MetricIngestor ingestor,
    ILogger<JournalReplayer> logger) : IHostedService
{
    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await sealedTimes.LoadAsync(chunks, cancellationToken);
        long entries = 0, samples = 0;
        await foreach (var entry in journal.ReadAllAsync(cancellationToken))
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

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal entry {Sequence} is unreadable and was skipped: {Error}")]
    private partial void LogCorrupt(long sequence, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Entries} journal entries ({Samples} samples)")]
    private partial void LogReplayed(long entries, long samples);
}
