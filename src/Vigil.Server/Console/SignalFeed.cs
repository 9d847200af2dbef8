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

/// <summary>The signal store, telling the <see cref="SignalFeed"/> about each change once it is stored.</summary>
internal sealed class PublishingSignalStore(ISignalStore inner, SignalFeed feed) : ISignalStore
{
    public async Task UpsertAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken = default)
    {
        await inner.UpsertAsync(signals, cancellationToken);
        feed.Publish(signals);
    }

    public Task<IReadOnlyList<Signal>> QueryAsync(SignalQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<Signal?> FindAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default) =>
        inner.FindAsync(fingerprint, start, cancellationToken);
}
