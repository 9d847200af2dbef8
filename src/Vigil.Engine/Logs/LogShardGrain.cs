using Microsoft.Extensions.Logging;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Engine.Telemetry;
using Vigil.Logs.Mining;

namespace Vigil.Engine.Logs;

/// <summary>
/// The logs of one source: mines each message into a template, keeps template counts (total and per minute), stores
/// the raw lines, and raises a <see cref="SignalKind.NewLogPattern"/> signal for a template created after warm-up.
/// The miner's state is saved with the batch that changed it, so template ids survive a restart; the rate baselines
/// are saved every <see cref="LogShardOptions.SnapshotInterval"/> when they changed and when the shard deactivates.
/// </summary>
[CollectionAgeLimit(Minutes = 60)]
internal sealed class LogShardGrain(
    ILogStore store, ISignalStore signals, LogShardOptions options, VigilMetrics metrics, LogMetrics logMetrics, TimeProvider time,
    ILogger<LogShardGrain> logger) : Grain, ILogShardGrain
{
    private LogSourceAnalyzer _analyzer = null!;
    private DateTimeOffset _ratesSavedAt;

    private string Source => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ratesSavedAt = time.GetUtcNow();
        var minerOptions = new TemplateMinerOptions { MaxTemplates = options.MaxTemplatesPerSource };
        var snapshot = await store.LoadMinerAsync(Source, cancellationToken);
        if (snapshot is not null)
        {
            using var stream = new MemoryStream(snapshot, writable: false);
            var miner = TemplateMiner.Restore(stream, minerOptions);
            var stored = await store.TemplatesAsync(new LogQuery { Source = Source, Limit = int.MaxValue }, cancellationToken);
            _analyzer = new LogSourceAnalyzer(Source, options, miner, stored);
        }
        else
        {
            _analyzer = new LogSourceAnalyzer(Source, options);
        }
        try
        {
            if (await store.LoadRatesAsync(Source, cancellationToken) is { } rates)
            {
                _analyzer.RestoreRates(rates);
            }
        }
#pragma warning disable CA1031 // Damaged or unreadable baselines cost a warm-up; the source's lines must still be taken.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            logger.LogWarning("The saved log-rate baselines of source {Source} were skipped, its rates re-learn: {Problem}", Source, e.Message);
        }
        // Does not keep the grain alive: an idle source still leaves memory after the collection age.
        this.RegisterGrainTimer(TickAsync, options.TickInterval, options.TickInterval);
    }

    public async Task<LogAppendResult> AppendAsync(LogLine[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var batch = _analyzer.Analyze(lines);
        await store.WriteAsync(Source, new LogWrite(batch.Templates, batch.Lines, batch.MinuteCounts, batch.MinerChanged ? _analyzer.SaveMiner() : null, batch.Absorbed));
        var raised = batch.Signals;
        var anomalies = batch.AnomalyChanges;
        logMetrics.NewPatternSignalsSuppressed.Inc(batch.NewPatternsSuppressed);
        if (raised.Count > 0)
        {
            await signals.UpsertAsync(raised);
            metrics.SignalsEmitted.WithLabels(nameof(SignalKind.NewLogPattern)).Inc(raised.Count - anomalies);
            metrics.SignalsEmitted.WithLabels(nameof(SignalKind.LogAnomaly)).Inc(raised.Take(anomalies).Count(s => s.End is null && s.Severity > 0));
        }
        logMetrics.TemplatesCreated.Inc(batch.NewTemplates);
        return new LogAppendResult(lines.Length, batch.NewTemplates, raised.Count - anomalies, anomalies);
    }

    /// <summary>Closes the minutes that ended (with a grace for lines still travelling) even when no line came.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var changes = new List<Signal>();
        _analyzer.Tick((time.GetUtcNow() - options.MinuteGrace).ToUnixTimeMilliseconds(), changes);
        if (changes.Count > 0)
        {
            await signals.UpsertAsync(changes, cancellationToken);
        }
        if (_analyzer.RatesChanged && time.GetUtcNow() - _ratesSavedAt >= options.SnapshotInterval)
        {
            await SaveRatesAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_analyzer is { RatesChanged: true })
        {
            try
            {
                await SaveRatesAsync(cancellationToken);
            }
#pragma warning disable CA1031 // Losing the baselines costs a warm-up; deactivation goes on.
            catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Log source {Source} could not save its rate baselines while deactivating; they re-learn", Source);
            }
        }
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task SaveRatesAsync(CancellationToken cancellationToken)
    {
        await store.SaveRatesAsync(Source, _analyzer.SaveRates(), cancellationToken);
        _ratesSavedAt = time.GetUtcNow();
    }
}
