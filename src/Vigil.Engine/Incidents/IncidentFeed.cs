using System.Collections.Immutable;
using System.Threading.Channels;
using Vigil.Correlation.Incidents;

namespace Vigil.Engine.Incidents;

/// <summary>
/// Every incident change, in process, after it is stored: the notifier and the console's live updates subscribe.
/// Each subscriber has its own bounded queue; a subscriber that falls behind loses its oldest changes (and
/// <see cref="IncidentSubscription.Dropped"/> counts them), never slows the correlator.
/// </summary>
public sealed class IncidentFeed
{
    private readonly Lock _lock = new();
    private ImmutableArray<IncidentSubscription> _subscribers = [];

    /// <summary>How many subscribers there are.</summary>
    public int SubscriberCount => _subscribers.Length;

    /// <summary>Subscribes; dispose the subscription to leave.</summary>
    /// <param name="capacity">Changes held for this subscriber before the oldest are dropped.</param>
    public IncidentSubscription Subscribe(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new IncidentSubscription(this, capacity);
        lock (_lock)
        {
            _subscribers = _subscribers.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Hands the changes to every subscriber, in order.</summary>
    public void Publish(IEnumerable<IncidentChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var subscribers = _subscribers;
        foreach (var change in changes)
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Write(change);
            }
        }
    }

    internal void Remove(IncidentSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }
}

/// <summary>One subscriber's queue of incident changes.</summary>
public sealed class IncidentSubscription : IDisposable
{
    private readonly IncidentFeed _feed;
    private readonly Channel<IncidentChange> _channel;
    private long _dropped;

    internal IncidentSubscription(IncidentFeed feed, int capacity)
    {
        _feed = feed;
        _channel = Channel.CreateBounded<IncidentChange>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The changes, oldest first.</summary>
    public ChannelReader<IncidentChange> Reader => _channel.Reader;

    /// <summary>How many changes were dropped because this subscriber fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Write(IncidentChange change) => _channel.Writer.TryWrite(change);

    /// <summary>Leaves the feed and completes the reader.</summary>
    public void Dispose()
    {
        _feed.Remove(this);
        _channel.Writer.TryComplete();
    }
}
