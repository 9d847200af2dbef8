using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Core.Series;
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
    private readonly Dictionary<TemplateId, StoredLogTemplate> _templates = [];
    private TemplateMiner _miner = null!;
    private LogActivityWatch _watch = null!;
    private long _linesSeen;
    private long _signalMinute;
    private int _signalsThisMinute;
    private DateTimeOffset _ratesSavedAt;

    private string Source => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _watch = new LogActivityWatch(Source, options);
        _ratesSavedAt = time.GetUtcNow();
        try
        {
            if (await store.LoadRatesAsync(Source, cancellationToken) is { } rates)
            {
                _watch.RestoreRates(rates);
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
        var minerOptions = new TemplateMinerOptions { MaxTemplates = options.MaxTemplatesPerSource };
        var snapshot = await store.LoadMinerAsync(Source, cancellationToken);
        if (snapshot is not null)
        {
            using var stream = new MemoryStream(snapshot, writable: false);
            _miner = TemplateMiner.Restore(stream, minerOptions);
            foreach (var stored in await store.TemplatesAsync(new LogQuery { Source = Source, Limit = int.MaxValue }, cancellationToken))
            {
                var colon = stored.Key.LastIndexOf(':');
                if (colon >= 0 && TemplateId.TryParse(stored.Key[(colon + 1)..], out var id))
                {
                    _templates[id] = stored;
                    _linesSeen += stored.Count;
                }
            }
        }
        else
        {
            _miner = new TemplateMiner(minerOptions);
        }
    }

    public async Task<LogAppendResult> AppendAsync(LogLine[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var source = Source;
        var touched = new HashSet<TemplateId>();
        var stored = new List<StoredLogLine>(lines.Length);
        var minutes = new Dictionary<(string, long), long>();
        var created = new List<(LogTemplate Template, List<string> Examples, bool IsNew)>();
        var examplesOf = new Dictionary<LogTemplate, List<string>>(ReferenceEqualityComparer.Instance);
        var absorbedKeys = new List<(string From, string Into)>();
        var signalChanges = new List<Signal>();
        var minerChanged = false;
        foreach (var line in lines)
        {
            var result = _miner.Process(line.Message);
            var template = result.Template.Current;
            var arrived = DateTimeOffset.FromUnixTimeMilliseconds(line.TimeMs);
            var key = KeyOf(source, template.Id);
            if (result.Change == TemplateChange.Created)
            {
                List<string> examples = [];
                examplesOf[template] = examples;
                created.Add((template, examples, _linesSeen >= options.WarmupLines));
            }
            minerChanged |= result.Change != TemplateChange.None || result.Absorbed is not null || result.Evicted is not null;

            var count = 1L;
            foreach (var absorbed in result.Absorbed ?? [])
            {
                // The absorbed template's lines now belong to the one that took it in; the store moves them too.
                if (_templates.Remove(absorbed.Id, out var gone))
                {
                    count += gone.Count;
                    absorbedKeys.Add((gone.Key, key));
                }
                _watch.Forget(absorbed.Id, line.TimeMs, signalChanges);
            }
            if (result.Evicted is { } evicted)
            {
                _watch.Forget(evicted.Id, line.TimeMs, signalChanges);
            }
            _templates[template.Id] = _templates.TryGetValue(template.Id, out var known)
                ? known with { Text = template.Text, Count = known.Count + count, LastSeen = arrived }
                : new StoredLogTemplate(key, source, template.Text, count, arrived, arrived, created.Count > 0 && created[^1].Template == template && created[^1].IsNew);
            touched.Add(template.Id);
            _linesSeen++;

            if (examplesOf.TryGetValue(template, out var lineExamples) && lineExamples.Count < options.ExampleLines)
            {
                lineExamples.Add(line.Message);
            }
            _watch.Observe(line.TimeMs, template, key, line.Message, line.Severity, signalChanges);
            stored.Add(new StoredLogLine(arrived, source, key, line.Raw));
            var minute = line.TimeMs - ((line.TimeMs % 60_000) + 60_000) % 60_000;
            minutes[(key, minute)] = minutes.GetValueOrDefault((key, minute)) + 1;
        }

        byte[]? snapshot = null;
        if (minerChanged)
        {
            using var stream = new MemoryStream();
            _miner.Save(stream);
            snapshot = stream.ToArray();
        }
        var templates = new List<StoredLogTemplate>(touched.Count);
        foreach (var id in touched)
        {
            if (_templates.TryGetValue(id, out var t))
            {
                templates.Add(t);
            }
        }
        var minuteCounts = new List<(string, long, long)>(minutes.Count);
        foreach (var ((key, minute), count) in minutes)
        {
            minuteCounts.Add((key, minute, count));
        }
        await store.WriteAsync(source, new LogWrite(templates, stored, minuteCounts, snapshot, absorbedKeys));

        var raised = signalChanges;
        var anomalies = raised.Count;
        var minuteNow = lines.Length == 0 ? 0 : lines[^1].TimeMs / 60_000;
        if (minuteNow != _signalMinute)
        {
            _signalMinute = minuteNow;
            _signalsThisMinute = 0;
        }
        foreach (var (template, examples, isNew) in created)
        {
            if (!isNew || !_templates.TryGetValue(template.Current.Id, out var record))
            {
                continue;
            }
            if (_signalsThisMinute >= options.MaxNewPatternSignalsPerMinute)
            {
                // A source spewing new kinds (junk, a format change) is one problem, not thousands of signals.
                logMetrics.NewPatternSignalsSuppressed.Inc();
                continue;
            }
            _signalsThisMinute++;
            raised.Add(NewPattern(source, template.Current, record, examples));
        }
        if (raised.Count > 0)
        {
            await signals.UpsertAsync(raised);
            metrics.SignalsEmitted.WithLabels(nameof(SignalKind.NewLogPattern)).Inc(raised.Count - anomalies);
            metrics.SignalsEmitted.WithLabels(nameof(SignalKind.LogAnomaly)).Inc(raised.Take(anomalies).Count(s => s.End is null && s.Severity > 0));
        }
        logMetrics.TemplatesCreated.Inc(created.Count);
        return new LogAppendResult(lines.Length, created.Count, raised.Count - anomalies, anomalies);
    }

    /// <summary>Closes the minutes that ended (with a grace for lines still travelling) even when no line came.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var nowMs = (time.GetUtcNow() - options.MinuteGrace).ToUnixTimeMilliseconds();
        if (_watch.OpenMinuteMs is null)
        {
            return;
        }
        var changes = new List<Signal>();
        _watch.AdvanceTo(nowMs - (((nowMs % 60_000) + 60_000) % 60_000), changes);
        if (changes.Count > 0)
        {
            await signals.UpsertAsync(changes, cancellationToken);
        }
        if (_watch.RatesChanged && time.GetUtcNow() - _ratesSavedAt >= options.SnapshotInterval)
        {
            await SaveRatesAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_watch is { RatesChanged: true })
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
        await store.SaveRatesAsync(Source, _watch.SaveRates(), cancellationToken);
        _ratesSavedAt = time.GetUtcNow();
    }

    /// <summary>The API's template key: <c>SOURCE:T12</c>.</summary>
    public static string KeyOf(string source, TemplateId id) => source + ":" + id.ToString();

    private static Signal NewPattern(string source, LogTemplate template, StoredLogTemplate record, List<string> examples)
    {
        var entity = "service/" + source;
        var evidence = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        evidence["source"] = source;
        evidence["lines_in_batch"] = examples.Count.ToString(CultureInfo.InvariantCulture);
        // Example lines, and parameter statistics (top values with counts, numeric min/median/max) over them.
        LogActivityWatch.AddTemplate(evidence, "", template, record.Key, examples, examples);
        var labels = Labels.From("service", source);
        return new Signal
        {
            Kind = SignalKind.NewLogPattern,
            Entity = entity,
            Start = record.FirstSeen,
            // A new pattern is an event, not a state: it ends where it starts.
            End = record.FirstSeen,
            Score = 1,
            Severity = 30,
            Summary = $"new log pattern in {source}: {template.Text}",
            Evidence = evidence.ToImmutable(),
            Labels = labels,
            Fingerprint = Signal.ComputeFingerprint(SignalKind.NewLogPattern, entity + " " + record.Key, labels),
        };
    }
}
