using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Telemetry;

namespace Vigil.Engine.Series;

/// <summary>
/// Writes sealed chunks from all shards in batched transactions (one commit per batch rather than one per shard call),
/// and remembers which journal sequences are not yet safely in the store so the journal is not trimmed past them.
/// </summary>
public sealed partial class ChunkWriter : IAsyncDisposable
{
    private const int MaxChunksPerTransaction = 8192;

    private readonly IChunkStore _store;
    private readonly VigilMetrics _metrics;
    private readonly ILogger<ChunkWriter> _logger;
    private readonly Channel<(SealedChunk Chunk, long Sequence)> _queue = Channel.CreateUnbounded<(SealedChunk, long)>(new() { SingleReader = true });
    private readonly SortedDictionary<long, int> _pending = [];
    private readonly Dictionary<long, List<SealedChunk>> _unwritten = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;
    private long _enqueued;
    private long _written;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the writer loop.</summary>
    public ChunkWriter(IChunkStore store, VigilMetrics metrics, ILogger<ChunkWriter> logger)
    {
        _store = store;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a sealed chunk whose oldest sample came from journal entry <paramref name="sequence"/>.</summary>
    public void Enqueue(SealedChunk chunk, long sequence)
    {
        lock (_lock)
        {
            _pending[sequence] = _pending.GetValueOrDefault(sequence) + 1;
            if (!_unwritten.TryGetValue(chunk.Series.Value, out var list))
            {
                _unwritten[chunk.Series.Value] = list = [];
            }
            list.Add(chunk);
            _enqueued++;
        }
        _queue.Writer.TryWrite((chunk, sequence));
    }

    /// <summary>Chunks queued and not yet committed: ingest refuses new work (429) while this is too high.</summary>
    public long Backlog
    {
        get
        {
            lock (_lock)
            {
                return _enqueued - _written;
            }
        }
    }

    /// <summary>
    /// Chunks of <paramref name="series"/> sealed but not yet committed: readers add them, or the samples of a head
    /// sealed a moment ago would vanish from queries until the write lands.
    /// </summary>
    public SealedChunk[] Unwritten(SeriesId series)
    {
        lock (_lock)
        {
            return _unwritten.TryGetValue(series.Value, out var list) ? [.. list] : [];
        }
    }

    /// <summary>The lowest journal sequence of a chunk not yet committed; <see cref="long.MaxValue"/> when none.</summary>
    public long LowestPendingSequence
    {
        get
        {
            lock (_lock)
            {
                foreach (var (sequence, _) in _pending)
                {
                    return sequence;
                }
                return long.MaxValue;
            }
        }
    }

    /// <summary>Completes when every chunk queued before the call is committed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        long target;
        lock (_lock)
        {
            target = _enqueued;
        }
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_written >= target)
                {
                    return;
                }
                wait = _progress.Task;
            }
            await wait.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<(SealedChunk Chunk, long Sequence)>();
        var chunks = new List<SealedChunk>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxChunksPerTransaction && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            chunks.Clear();
            foreach (var (chunk, _) in batch)
            {
                chunks.Add(chunk);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _store.WriteAsync(chunks);
                    break;
                }
#pragma warning disable CA1031 // The loop must survive any store failure: the chunks stay pending and the journal keeps them.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogWriteFailed(e, chunks.Count, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)));
                }
            }
            _metrics.ChunksSealed.Inc(batch.Count);
            TaskCompletionSource progressed;
            lock (_lock)
            {
                foreach (var (chunk, sequence) in batch)
                {
                    if (_unwritten.TryGetValue(chunk.Series.Value, out var list))
                    {
                        list.Remove(chunk);
                        if (list.Count == 0)
                        {
                            _unwritten.Remove(chunk.Series.Value);
                        }
                    }
                    if (--_pending[sequence] == 0)
                    {
                        _pending.Remove(sequence);
                    }
                }
                _written += batch.Count;
                progressed = _progress;
                _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            progressed.SetResult();
            batch.Clear();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} sealed chunks failed (attempt {Attempt}); they stay in the journal and are retried")]
    private partial void LogWriteFailed(Exception exception, int count, int attempt);
}
