using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;
using Vigil.Engine.Series;
using Vigil.Engine.Telemetry;

namespace Vigil.Engine.Ingest;

/// <summary>
/// The one path every metric receiver takes: admit (or refuse for load), make the batch durable in the journal,
/// resolve series ids, and send each shard its share in one call.
/// </summary>
public sealed class MetricIngestor(
    IIngestJournal journal,
    ISeriesIndex index,
    IGrainFactory grains,
    ChunkWriter writer,
    EngineOptions options,
    VigilMetrics metrics)
{
    private readonly Lock _lock = new();
    private readonly SortedSet<long> _inFlightSequences = [];
    private long _inFlightSamples;
    private long _lastSequence;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the journal has been replayed; until then ingest answers <see cref="IngestStatus.NotReady"/>.</summary>
    public bool IsReady
    {
        get => _ready.Task.IsCompleted;
        internal set
        {
            if (value)
            {
                _ready.TrySetResult();
            }
        }
    }

    /// <summary>Completes once the journal has been replayed.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Makes <paramref name="batch"/> durable, then applies it. Returns only after both.</summary>
    public async Task<IngestOutcome> IngestAsync(MetricBatch batch, string receiver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!IsReady)
        {
            return IngestOutcome.NotReady;
        }
        if (!TryAdmit(batch.SampleCount))
        {
            metrics.RequestsRejected.WithLabels(receiver, "overloaded").Inc();
            return IngestOutcome.Overloaded;
        }
        long sequence = -1;
        try
        {
            sequence = await journal.AppendAsync(batch, cancellationToken);
            lock (_lock)
            {
                _inFlightSequences.Add(sequence);
                _lastSequence = Math.Max(_lastSequence, sequence);
            }
            var result = await ApplyAsync(sequence, batch);
            metrics.SamplesIngested.WithLabels(receiver).Inc(result.Accepted);
            if (result.OutOfOrder > 0)
            {
                metrics.SamplesRejected.WithLabels(receiver, "out_of_order").Inc(result.OutOfOrder);
            }
            if (result.Duplicates > 0)
            {
                metrics.SamplesRejected.WithLabels(receiver, "duplicate").Inc(result.Duplicates);
            }
            return new IngestOutcome(IngestStatus.Accepted, result);
        }
        finally
        {
            lock (_lock)
            {
                _inFlightSamples -= batch.SampleCount;
                if (sequence >= 0)
                {
                    _inFlightSequences.Remove(sequence);
                }
            }
            metrics.InFlightSamples.Set(Volatile.Read(ref _inFlightSamples));
        }
    }

    /// <summary>Applies a journalled batch to the shards (ingest and replay share this).</summary>
    internal async Task<ShardAppendResult> ApplyAsync(long sequence, MetricBatch batch)
    {
        var keys = new SeriesKey[batch.Series.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = batch.Series[i].Key;
        }
        var ids = new SeriesId[keys.Length];
        index.Resolve(keys, ids);

        var perShard = new List<SeriesAppend>?[options.Shards];
        for (var i = 0; i < keys.Length; i++)
        {
            var shard = keys[i].ShardOf(options.Shards);
            (perShard[shard] ??= []).Add(new SeriesAppend(ids[i], keys[i], batch.Series[i].Samples));
        }
        var calls = new List<Task<ShardAppendResult>>();
        for (var shard = 0; shard < perShard.Length; shard++)
        {
            if (perShard[shard] is { } list)
            {
                calls.Add(CallShardAsync(shard, new ShardBatch(sequence, [.. list])));
            }
        }
        var total = ShardAppendResult.Empty;
        foreach (var result in await Task.WhenAll(calls))
        {
            total = total.Add(result);
        }
        return total;
    }

    /// <summary>
    /// The journal may be trimmed below this: the lowest sequence still travelling to the shards, capped by
    /// the newest sequence known when asked (a batch journalled later has a higher sequence).
    /// </summary>
    internal long TrimCeiling()
    {
        lock (_lock)
        {
            return _inFlightSequences.Count > 0 ? _inFlightSequences.Min : _lastSequence + 1;
        }
    }

    /// <summary>Records the newest sequence seen during replay.</summary>
    internal void ObserveReplayed(long sequence)
    {
        lock (_lock)
        {
            _lastSequence = Math.Max(_lastSequence, sequence);
        }
    }

    private async Task<ShardAppendResult> CallShardAsync(int shard, ShardBatch batch)
    {
        var depth = metrics.ShardQueueDepth.WithLabels(shard.ToString(System.Globalization.CultureInfo.InvariantCulture));
        depth.Inc();
        try
        {
            return await grains.GetGrain<ISeriesShardGrain>(shard).AppendAsync(batch);
        }
        finally
        {
            depth.Dec();
        }
    }

    private bool TryAdmit(int samples)
    {
        if (writer.Backlog > options.MaxChunkBacklog)
        {
            // The store is not keeping up with sealed chunks: stop taking work rather than queueing without bound.
            return false;
        }
        lock (_lock)
        {
            // A batch larger than the whole budget still gets in when nothing else is in flight.
            if (_inFlightSamples > 0 && _inFlightSamples + samples > options.MaxInFlightSamples)
            {
                return false;
            }
            _inFlightSamples += samples;
            return true;
        }
    }
}
