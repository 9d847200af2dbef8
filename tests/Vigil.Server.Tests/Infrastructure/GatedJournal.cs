using System.Runtime.CompilerServices;
using Vigil.Core.Ingest;
using Vigil.Core.Storage;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// The real journal with phase barriers in front of it: while closed, an append (or the replay read) announces that
/// it arrived and waits until the test opens the gate. Holds requests in flight without sleeps.
/// </summary>
internal sealed class GatedJournal : IIngestJournal
{
    private IIngestJournal? _inner;

    /// <summary>The real journal, set when the server's services are built.</summary>
    public IIngestJournal Inner { get => _inner ?? throw new InvalidOperationException("the server has not built its journal yet"); set => _inner = value; }

    private readonly Lock _lock = new();
    private TaskCompletionSource? _appendGate;
    private TaskCompletionSource _appendArrived = NewSignal();
    private TaskCompletionSource? _replayGate;
    private readonly TaskCompletionSource _replayArrived = NewSignal();

    /// <summary>From now on appends wait for <see cref="OpenAppends"/>.</summary>
    public void CloseAppends()
    {
        lock (_lock)
        {
            _appendGate = NewSignal();
            _appendArrived = NewSignal();
        }
    }

    /// <summary>Lets waiting and later appends through.</summary>
    public void OpenAppends()
    {
        lock (_lock)
        {
            _appendGate?.TrySetResult();
            _appendGate = null;
        }
    }

    /// <summary>Completes when an append reached the closed gate.</summary>
    public Task AppendArrived
    {
        get
        {
            lock (_lock)
            {
                return _appendArrived.Task;
            }
        }
    }

    /// <summary>Makes the replay at start wait for <see cref="OpenReplay"/>.</summary>
    public void CloseReplay() => _replayGate = NewSignal();

    public void OpenReplay() => _replayGate?.TrySetResult();

    /// <summary>Completes when the replay reached the closed gate.</summary>
    public Task ReplayArrived => _replayArrived.Task;

    public async Task<long> AppendAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        Task? gate;
        lock (_lock)
        {
            gate = _appendGate?.Task;
            if (gate is not null)
            {
                _appendArrived.TrySetResult();
            }
        }
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }
        return await Inner.AppendAsync(batch, cancellationToken);
    }

    public async IAsyncEnumerable<JournalEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_replayGate is { } gate)
        {
            _replayArrived.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }
        await foreach (var entry in Inner.ReadAllAsync(cancellationToken))
        {
            yield return entry;
        }
    }

    public Task TrimBeforeAsync(long sequence, CancellationToken cancellationToken = default) => Inner.TrimBeforeAsync(sequence, cancellationToken);

    public long SizeBytes => Inner.SizeBytes;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
