using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;
using Vigil.Engine.Series;
using Vigil.Engine.Telemetry;

namespace Vigil.Engine.Ingest;

/// <summary>
/// Periodically seals old head chunks, trims the journal below everything not yet safely in sealed chunks, and
/// deletes chunks past retention.
/// </summary>
public sealed partial class Checkpointer(
    MetricIngestor ingestor,
    IGrainFactory grains,
    ChunkWriter writer,
    IIngestJournal journal,
    IChunkStore chunks,
    EngineOptions options,
    VigilMetrics metrics,
    TimeProvider time,
    ILogger<Checkpointer> logger) : BackgroundService
{
    /// <summary>One checkpoint. Public so tests drive it without waiting for the timer.</summary>
    /// <returns>The sequence below which the journal was trimmed.</returns>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        // Order matters: the ceiling first (anything journalled later is above it), then the shards (a batch
        // delivered meanwhile is in a head), then the writer (a head sealed meanwhile is pending there).
        var trimBelow = ingestor.TrimCeiling();
        var watermarks = new Task<ShardWatermark>[options.Shards];
        for (var shard = 0; shard < options.Shards; shard++)
        {
            watermarks[shard] = grains.GetGrain<ISeriesShardGrain>(shard).CheckpointAsync(options.MaxHeadAge);
        }
        var active = 0;
        foreach (var w in await Task.WhenAll(watermarks))
        {
            trimBelow = Math.Min(trimBelow, w.LowestSequence);
            active += w.ActiveSeries;
        }
        trimBelow = Math.Min(trimBelow, writer.LowestPendingSequence);
        await journal.TrimBeforeAsync(trimBelow, cancellationToken);

        var horizon = time.GetUtcNow() - options.Retention;
        var deleted = await chunks.DeleteEndingBeforeAsync(horizon.ToUnixTimeMilliseconds(), cancellationToken);
        if (deleted > 0)
        {
            LogRetention(deleted, horizon);
        }
        metrics.ActiveSeries.Set(active);
        metrics.JournalBytes.Set(journal.SizeBytes);
        return trimBelow;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A failed checkpoint only delays trimming; the next one tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogCheckpointFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} chunks ending before {Horizon}")]
    private partial void LogRetention(int count, DateTimeOffset horizon);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint failed; the journal is trimmed at the next one")]
    private partial void LogCheckpointFailed(Exception exception);
}
