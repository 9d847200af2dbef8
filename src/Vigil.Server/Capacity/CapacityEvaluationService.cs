using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;

namespace Vigil.Server.Capacity;

/// <summary>
/// Evaluates every capacity target at start and then every <see cref="CapacityEvaluationOptions.Interval"/> of the
/// host's <see cref="TimeProvider"/> (a fake one in tests): findings are stored, breaches become signals.
/// At start the config file's targets replace the stored config targets; API targets are left alone.
/// </summary>
public sealed partial class CapacityEvaluationService(
    CapacityEvaluationOptions options,
    ICapacityStore store,
    CapacityEvaluator evaluator,
    CapacitySignals signals,
    TimeProvider time,
    ILogger<CapacityEvaluationService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _waitersLock = new();
    private readonly List<(DateTimeOffset NotBefore, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset? _lastPassStart;

    /// <summary>
    /// Completes when a pass over all targets that started at or after <paramref name="notBefore"/> (on the
    /// service's clock) has finished: a phase barrier for tests that advance a fake clock.
    /// </summary>
    public Task WaitForPassAsync(DateTimeOffset notBefore)
    {
        lock (_waitersLock)
        {
            if (_lastPassStart >= notBefore)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((notBefore, done));
            return done.Task;
        }
    }

    /// <summary>Evaluates one target now, stores its findings and updates its signals.</summary>
    public async Task<IReadOnlyList<CapacityFinding>> EvaluateAsync(CapacityTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var findings = await evaluator.EvaluateAsync(target, now, cancellationToken);
            await store.ReplaceFindingsAsync(target.Name, findings, cancellationToken);
            await signals.ApplyAsync(target.Name, findings, now, cancellationToken);
            return findings;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes a target, its findings, and ends its open signals.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var deleted = await store.DeleteTargetAsync(name, cancellationToken);
            await signals.ApplyAsync(name, [], time.GetUtcNow(), cancellationToken);
            return deleted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Evaluates every stored target once.</summary>
    public async Task EvaluateAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var target in await store.ListTargetsAsync(cancellationToken))
        {
            try
            {
                await EvaluateAsync(target, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEvaluationFailed(logger, target.Name, e);
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadConfigTargetsAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Interval, time);
        do
        {
            var started = time.GetUtcNow();
            await EvaluateAllAsync(stoppingToken);
            PassDone(started);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private void PassDone(DateTimeOffset started)
    {
        lock (_waitersLock)
        {
            _lastPassStart = started;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].NotBefore <= started)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private async Task LoadConfigTargetsAsync(CancellationToken cancellationToken)
    {
        var configured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in options.Targets)
        {
            // Validated with the options at start; a failure here would be a bug.
            if (o.TryToTarget(o.Name, fromConfig: true, out var target, out var error))
            {
                await store.UpsertTargetAsync(target, cancellationToken);
                configured.Add(target.Name);
            }
            else
            {
                LogBadConfigTarget(logger, o.Name, error);
            }
        }
        foreach (var stale in (await store.ListTargetsAsync(cancellationToken)).Where(t => t.FromConfig && !configured.Contains(t.Name)))
        {
            await DeleteAsync(stale.Name, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capacity target {Target} could not be evaluated")]
    private static partial void LogEvaluationFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capacity target {Target} in the config file is invalid: {Error}")]
    private static partial void LogBadConfigTarget(ILogger logger, string? target, string error);
}
