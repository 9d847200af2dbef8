using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// A fake clock that reports every timer armed (created or changed) with its due time: a phase barrier for code that
/// waits on the clock (advance only once the wait exists, or the advance is missed), with no sleeps.
/// </summary>
internal sealed class RecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    // Timers take whole milliseconds at best; a due time within this of the one looked for is it.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(base.CreateTimer(callback, state, dueTime, period), _armed.Writer);
        Armed(_armed.Writer, dueTime);
        return timer;
    }

    /// <summary>Waits until a timer due in <paramref name="due"/> has been armed (since the last such wait); returns its exact due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var armed = await _armed.Reader.ReadAsync(timeout.Token);
            if ((armed - due).Duration() <= Tolerance)
            {
                return armed;
            }
        }
    }

    /// <summary>Waits for a timer due in <paramref name="due"/>, then advances by its due time.</summary>
    public async Task AdvanceOnceWaitingAsync(TimeSpan due, CancellationToken cancellationToken) =>
        Advance(await WaitForTimerAsync(due, cancellationToken));

    private static void Armed(ChannelWriter<TimeSpan> writer, TimeSpan due)
    {
        if (due != Timeout.InfiniteTimeSpan)
        {
            writer.TryWrite(due);
        }
    }

    private sealed class RecordingTimer(ITimer inner, ChannelWriter<TimeSpan> armed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            Armed(armed, dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
