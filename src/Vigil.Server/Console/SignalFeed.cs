using System.Threading.Channels;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Server.Console;

/// <summary>
/// Fans signal changes out to the open event streams (<c>GET /api/v1/events</c>). Each subscriber has a bounded
/// queue; a subscriber that does not keep up loses its oldest changes, never slows the writers.
/// </summary>
internal sealed class SignalFeed
{
    private const int QueueCapacity = 1_000;
    private readonly Lock _gate = new();
    private readonly List<Channel<Signal>> _subscribers = [];

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public ChannelReader<Signal> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Signal>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }
        cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(IReadOnlyList<Signal> signals)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                foreach (var signal in signals)
                {
                    subscriber.Writer.TryWrite(signal);
                }
            }
        }
    }
}

/// <summary>
/// The open signals kept in memory, so the overview's health table folds them without reading and parsing every row
/// (10,000 open signals: ~1 s of SQLite reads per request on the shared dev box). Loaded from the store on first use,
/// then kept by <see cref="PublishingSignalStore"/>. Applying a change is idempotent and happens after the change is
/// stored, under the same gate as the load, so a change stored during the load is applied once the load is done.
/// </summary>
internal sealed class OpenSignalIndex : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Fingerprint, long StartTicks), Signal> _open = [];
    private bool _loaded;

    public async Task<IReadOnlyList<Signal>> SnapshotAsync(ISignalStore store, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                foreach (var signal in await store.QueryAsync(new SignalQuery { Open = true, Limit = int.MaxValue }, cancellationToken))
                {
                    _open[(signal.Fingerprint, signal.Start.UtcTicks)] = signal;
                }
                _loaded = true;
            }
            return [.. _open.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public async Task ApplyAsync(IReadOnlyList<Signal> signals)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_loaded)
            {
                return;
            }
            foreach (var signal in signals)
            {
                if (signal.IsOpen)
                {
                    _open[(signal.Fingerprint, signal.Start.UtcTicks)] = signal;
                }
                else
                {
                    _open.Remove((signal.Fingerprint, signal.Start.UtcTicks));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>The signal store, telling the <see cref="SignalFeed"/> and the <see cref="OpenSignalIndex"/> about each change once it is stored.</summary>
internal sealed class PublishingSignalStore(ISignalStore inner, SignalFeed feed, OpenSignalIndex open) : ISignalStore
{
    public async Task UpsertAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken = default)
    {
        await inner.UpsertAsync(signals, cancellationToken);
        await open.ApplyAsync(signals);
        feed.Publish(signals);
    }

    /// <summary>The signals open now, from memory.</summary>
    public Task<IReadOnlyList<Signal>> OpenSignalsAsync(CancellationToken cancellationToken) => open.SnapshotAsync(inner, cancellationToken);

    public Task<IReadOnlyList<Signal>> QueryAsync(SignalQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<Signal?> FindAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default) =>
        inner.FindAsync(fingerprint, start, cancellationToken);

    public Task RecordFeedbackAsync(SignalFeedback feedback, CancellationToken cancellationToken = default) =>
        inner.RecordFeedbackAsync(feedback, cancellationToken);

    public Task<IReadOnlyList<SignalFeedback>> FeedbackAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default) =>
        inner.FeedbackAsync(fingerprint, start, cancellationToken);
}
