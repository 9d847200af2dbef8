using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;

namespace Vigil.Engine.Series;

/// <summary>
/// Every <see cref="EngineOptions.SnapshotInterval"/>, asks each series shard in turn to write the models of its series
/// that changed since their last write (one transaction per shard). One shard at a time: a shard waits for its own
/// write only, and the others keep ingesting. Then deletes the models not written for <see cref="EngineOptions.Retention"/>:
/// an active series is rewritten every round it changed, so such a model belongs to a series whose samples are gone too.
/// </summary>
public sealed partial class ModelSnapshotter(
    IGrainFactory grains, IModelStore store, EngineOptions options, TimeProvider time, ILogger<ModelSnapshotter> logger) : BackgroundService
{
    /// <summary>One round over every shard. Public so tests and benchmarks drive it without waiting for the timer.</summary>
    /// <returns>Models written and their bytes, over all shards.</returns>
    public async Task<ShardModelsSaved> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        int models = 0;
        long bytes = 0;
        for (var shard = 0; shard < options.Shards; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var saved = await grains.GetGrain<ISeriesShardGrain>(shard).SaveModelsAsync();
                models += saved.Models;
                bytes += saved.Bytes;
            }
#pragma warning disable CA1031 // One shard's failed write (disk full) must not keep the others from writing; its series stay marked changed.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogShardFailed(shard, e);
            }
        }
        if (models > 0)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogSaved(models, bytes >> 10, (long)elapsed.TotalMilliseconds);
        }
        var deleted = await store.DeleteSavedBeforeAsync((time.GetUtcNow() - options.Retention).ToUnixTimeMilliseconds(), cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(deleted);
        }
        return new ShardModelsSaved(models, bytes);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SnapshotInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the shards write their models as they deactivate.
        }
    }

    /// <summary>
    /// A graceful stop writes every changed model while the shards are still up (this service stops before the silo):
    /// the shards write again as they deactivate, but the silo may cut a long deactivation short.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await RunOnceAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopCutShort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stop's time ran out before every series model was written; the rest re-learn what they learned since the last round")]
    private partial void LogStopCutShort();

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Models} series models ({Kibibytes} KiB) in {Milliseconds} ms")]
    private partial void LogSaved(int models, long kibibytes, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Models} series models not written within Engine:Retention")]
    private partial void LogDeleted(int models);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} could not write its series models; it tries again next round")]
    private partial void LogShardFailed(int shard, Exception exception);
}
