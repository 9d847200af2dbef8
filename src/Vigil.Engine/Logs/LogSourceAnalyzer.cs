using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Logs.Mining;

namespace Vigil.Engine.Logs;

/// <summary>What one batch of a source's lines came to: what to store, and the signals it raised.</summary>
/// <param name="Templates">Templates the batch touched, as they now stand.</param>
/// <param name="Lines">The raw lines with the template each joined.</param>
/// <param name="MinuteCounts">Lines per (template key, minute start in Unix ms) in the batch.</param>
/// <param name="MinerChanged">Whether the miner's state changed (a template created, generalized, absorbed or evicted).</param>
/// <param name="Absorbed">Templates taken into another: the store moves their rows.</param>
/// <param name="Signals">Log anomaly signal changes (rate and error share) first, then the new-pattern signals.</param>
/// <param name="AnomalyChanges">How many of <paramref name="Signals"/> are log anomaly changes (the first ones).</param>
/// <param name="NewTemplates">Templates the batch created.</param>
/// <param name="NewPatternsSuppressed">New patterns past <see cref="LogShardOptions.MaxNewPatternSignalsPerMinute"/>: counted, not raised.</param>
public sealed record LogBatchAnalysis(
    IReadOnlyList<StoredLogTemplate> Templates,
    IReadOnlyList<StoredLogLine> Lines,
    IReadOnlyList<(string TemplateKey, long MinuteMs, long Count)> MinuteCounts,
    bool MinerChanged,
    IReadOnlyList<(string From, string Into)> Absorbed,
    IReadOnlyList<Signal> Signals,
    int AnomalyChanges,
    int NewTemplates,
    int NewPatternsSuppressed);

/// <summary>
/// What Vigil makes of one log source's lines, with no storage and no clock: each message mined into a template
/// (<see cref="TemplateMiner"/>), per-template rates and the error/warning share watched per minute
/// (<see cref="SignalKind.LogAnomaly"/>), and a <see cref="SignalKind.NewLogPattern"/> signal for a template created
/// after <see cref="LogShardOptions.WarmupLines"/>. The <see cref="LogShardGrain"/> runs one per source and stores what
/// it returns; <c>vigil eval correlation</c> runs the same over the simulated fleet's logs. Time comes from the lines
/// (<see cref="LogLine.TimeMs"/>, when they arrived) and from <see cref="Tick"/>.
/// </summary>
public sealed class LogSourceAnalyzer
{
    private const long MinuteMs = 60_000;

    private readonly string _source;
    private readonly LogShardOptions _options;
    private readonly TemplateMiner _miner;
    private readonly LogActivityWatch _watch;
    private readonly Dictionary<TemplateId, StoredLogTemplate> _templates = [];
    private long _linesSeen;
    private long _signalMinute;
    private int _signalsThisMinute;

    /// <summary>Starts a source with a fresh miner.</summary>
    /// <param name="source">The log source (service or app name); signals are about <c>service/SOURCE</c>.</param>
    /// <param name="options">The shard settings; validated here.</param>
    public LogSourceAnalyzer(string source, LogShardOptions options)
        : this(source, options, null, [])
    {
    }

    /// <summary>Resumes a source from its saved miner and stored templates (their counts are the lines already seen).</summary>
    /// <param name="source">The log source (service or app name).</param>
    /// <param name="options">The shard settings; validated here.</param>
    /// <param name="miner">The restored miner, or null for a fresh one.</param>
    /// <param name="templates">The stored templates of the source (keys <c>SOURCE:T12</c>); others are skipped.</param>
    public LogSourceAnalyzer(string source, LogShardOptions options, TemplateMiner? miner, IEnumerable<StoredLogTemplate> templates)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(templates);
        options.Validate();
        _source = source;
        _options = options;
        _miner = miner ?? new TemplateMiner(new TemplateMinerOptions { MaxTemplates = options.MaxTemplatesPerSource });
        _watch = new LogActivityWatch(source, options);
        foreach (var stored in templates)
        {
            var colon = stored.Key.LastIndexOf(':');
            if (colon >= 0 && TemplateId.TryParse(stored.Key[(colon + 1)..], out var id))
            {
                _templates[id] = stored;
                _linesSeen += stored.Count;
            }
        }
    }

    /// <summary>The source.</summary>
    public string Source => _source;

    /// <summary>Lines seen (stored counts included): past <see cref="LogShardOptions.WarmupLines"/>, new templates are news.</summary>
    public long LinesSeen => _linesSeen;

    /// <summary>The start (Unix ms) of the minute being counted, or null before the first line.</summary>
    public long? OpenMinuteMs => _watch.OpenMinuteMs;

    /// <summary>Whether a minute was closed (the rate baselines learned) since the last <see cref="SaveRates"/>.</summary>
    public bool RatesChanged => _watch.RatesChanged;

    /// <summary>The template key the API and store use: <c>SOURCE:T12</c>.</summary>
    public static string KeyOf(string source, TemplateId id) => source + ":" + id.ToString();

    /// <summary>Mines, counts and watches a batch of lines (in arrival order).</summary>
    public LogBatchAnalysis Analyze(IReadOnlyList<LogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var source = _source;
        var touched = new HashSet<TemplateId>();
        var stored = new List<StoredLogLine>(lines.Count);
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
                created.Add((template, examples, _linesSeen >= _options.WarmupLines));
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

            if (examplesOf.TryGetValue(template, out var lineExamples) && lineExamples.Count < _options.ExampleLines)
            {
                lineExamples.Add(line.Message);
            }
            _watch.Observe(line.TimeMs, template, key, line.Message, line.Severity, signalChanges);
            stored.Add(new StoredLogLine(arrived, source, key, line.Raw));
            var minute = line.TimeMs - ((line.TimeMs % MinuteMs) + MinuteMs) % MinuteMs;
            minutes[(key, minute)] = minutes.GetValueOrDefault((key, minute)) + 1;
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

        var anomalies = signalChanges.Count;
        var minuteNow = lines.Count == 0 ? 0 : lines[^1].TimeMs / MinuteMs;
        if (minuteNow != _signalMinute)
        {
            _signalMinute = minuteNow;
            _signalsThisMinute = 0;
        }
        var suppressed = 0;
        foreach (var (template, examples, isNew) in created)
        {
            if (!isNew || !_templates.TryGetValue(template.Current.Id, out var record))
            {
                continue;
            }
            if (_signalsThisMinute >= _options.MaxNewPatternSignalsPerMinute)
            {
                // A source spewing new kinds (junk, a format change) is one problem, not thousands of signals.
                suppressed++;
                continue;
            }
            _signalsThisMinute++;
            signalChanges.Add(NewPattern(source, template.Current, record, examples));
        }
        return new LogBatchAnalysis(templates, stored, minuteCounts, minerChanged, absorbedKeys, signalChanges, anomalies, created.Count, suppressed);
    }

    /// <summary>
    /// Closes the minutes that ended before <paramref name="nowMs"/> (the caller leaves a grace for lines still
    /// travelling) even when no line came, so a source that falls silent shows its drop; adds the signal changes.
    /// Nothing happens before the first line.
    /// </summary>
    public void Tick(long nowMs, List<Signal> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (_watch.OpenMinuteMs is null)
        {
            return;
        }
        _watch.AdvanceTo(nowMs - (((nowMs % MinuteMs) + MinuteMs) % MinuteMs), changes);
    }

    /// <summary>The miner's state, for <see cref="TemplateMiner.Restore"/>.</summary>
    public byte[] SaveMiner()
    {
        using var stream = new MemoryStream();
        _miner.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The learned rate baselines (see <see cref="LogActivityWatch.SaveRates"/>).</summary>
    public byte[] SaveRates() => _watch.SaveRates();

    /// <summary>Takes back baselines written by <see cref="SaveRates"/>, before any line; nothing changes when it throws.</summary>
    /// <exception cref="InvalidDataException">The bytes are not baselines of this format, or are damaged.</exception>
    public void RestoreRates(byte[] bytes) => _watch.RestoreRates(bytes);

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
