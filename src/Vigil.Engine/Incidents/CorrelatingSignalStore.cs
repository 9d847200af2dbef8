using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Engine.Incidents;

/// <summary>
/// The one path from every signal producer (series shards, log shards, capacity evaluation, the Alertmanager
/// receiver) to the correlator: an <see cref="ISignalStore"/> that, once the inner store has committed a batch,
/// forwards it to the tenant's <see cref="ICorrelatorGrain"/>. A correlator failure never fails the write: the
/// signals are stored, and the correlator catches up on open signals when it next activates.
/// </summary>
internal sealed partial class CorrelatingSignalStore(ISignalStore inner, IGrainFactory grains, ILogger<CorrelatingSignalStore> logger) : ISignalStore
{
    public async Task UpsertAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        await inner.UpsertAsync(signals, cancellationToken);
        if (signals.Count == 0)
        {
            return;
        }
        try
        {
            await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant).ObserveAsync([.. signals]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogForwardFailed(logger, signals.Count, e);
        }
    }

    public Task<IReadOnlyList<Signal>> QueryAsync(SignalQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<Signal?> FindAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default) =>
        inner.FindAsync(fingerprint, start, cancellationToken);

    public Task RecordFeedbackAsync(SignalFeedback feedback, CancellationToken cancellationToken = default) =>
        inner.RecordFeedbackAsync(feedback, cancellationToken);

    public Task<IReadOnlyList<SignalFeedback>> FeedbackAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default) =>
        inner.FeedbackAsync(fingerprint, start, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} stored signals did not reach the correlator; it catches up when it next activates")]
    private static partial void LogForwardFailed(ILogger logger, int count, Exception exception);
}
