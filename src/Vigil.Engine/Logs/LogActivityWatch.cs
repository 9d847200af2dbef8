using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Logs.Formats;
using Vigil.Logs.Mining;
using Vigil.Logs.Statistics;

namespace Vigil.Engine.Logs;

/// <summary>
/// The rate side of a log source: per template, lines per minute; per source, the share of error/warning lines per
/// minute. Each is a series watched by the robust z-score the metric shards first ran (<see cref="RobustZScoreDetector"/>, counts with a Poisson
/// floor, shares with a binomial one) and an anomaly opens a <see cref="SignalKind.LogAnomaly"/> signal carrying the
/// template, example lines and parameter statistics. A minute is closed when a line of a later minute arrives; the
/// minutes in between count as zero lines. Pure: time comes from the lines.
/// The learned baselines (each template's window and the share's) are saved by <see cref="SaveRates"/> and restored by
/// <see cref="RestoreRates"/>, so a restarted shard does not re-learn them; the open minute and open signals are not
/// kept (the minute is not over, and the downtime's minutes are not counted as silence).
/// </summary>
internal sealed class LogActivityWatch(string source, LogShardOptions options)
{
    private const long MinuteMs = 60_000;
    private const uint RatesMagic = 0x52534756; // "VGSR" little-endian
    private const byte RatesFormat = 1;

    private readonly Dictionary<TemplateId, TemplateWatch> _templates = [];
    private RobustZScoreDetector _share = new();
    // Seeded: the reservoir of lines a signal's parameter statistics come from is the same on every run.
    private readonly Random _random = new(4);
    private readonly string _entity = "service/" + source;
    private readonly Labels _labels = Labels.From("service", source);
    private long _openMinute = long.MinValue;
    private int _minuteLines;
    private int _minuteErrors;
    private Signal? _shareSignal;
    private int _shareNormalRun;
    private Dictionary<TemplateId, RobustZScoreDetector> _restored = [];

    /// <summary>Whether a minute was closed (the baselines learned) since the last <see cref="SaveRates"/>.</summary>
    public bool RatesChanged { get; private set; }

    /// <summary>Templates watched (those that had a line since they were created, absorbed or evicted).</summary>
    public int WatchedTemplates => _templates.Count;

    /// <summary>The start (Unix ms) of the minute being counted, or null before the first line.</summary>
    public long? OpenMinuteMs => _openMinute == long.MinValue ? null : _openMinute;

    /// <summary>
    /// Counts one line. When it belongs to a later minute than the one open, that minute (and any empty ones since) is
    /// closed first and its signal changes are added to <paramref name="changes"/>.
    /// </summary>
    public void Observe(long timeMs, LogTemplate template, string templateKey, string message, LogSeverity severity, List<Signal> changes)
    {
        var minute = timeMs - (((timeMs % MinuteMs) + MinuteMs) % MinuteMs);
        AdvanceTo(minute, changes);
        if (!_templates.TryGetValue(template.Id, out var watch))
        {
            _templates[template.Id] = watch = new TemplateWatch(template, templateKey, _restored.Remove(template.Id, out var restored) ? restored : new());
        }
        watch.Template = template;
        watch.Lines++;
        if (watch.Examples.Count < options.ExampleLines)
        {
            watch.Examples.Add(message);
        }
        // Reservoir sampling: every line of the minute is equally likely to be in the parameter statistics.
        if (watch.Sample.Count < options.SampleLines)
        {
            watch.Sample.Add(message);
        }
        else if (_random.Next(watch.Lines) is var slot && slot < options.SampleLines)
        {
            watch.Sample[slot] = message;
        }
        _minuteLines++;
        if (severity.IsErrorOrWarning())
        {
            _minuteErrors++;
            watch.ErrorLines++;
            if (watch.ErrorExamples.Count < options.ExampleLines)
            {
                watch.ErrorExamples.Add(message);
            }
        }
    }

    /// <summary>
    /// Closes every minute before <paramref name="minuteMs"/> (a line or a clock says time has moved on); minutes with
    /// no line count as zero. At most a detector window of empty minutes is fed: past that the window is all zeros anyway.
    /// </summary>
    public void AdvanceTo(long minuteMs, List<Signal> changes)
    {
        if (_openMinute == long.MinValue)
        {
            _openMinute = minuteMs;
            return;
        }
        if (minuteMs <= _openMinute)
        {
            return;
        }
        CloseMinute(_openMinute, changes);
        var empty = Math.Min((minuteMs - _openMinute) / MinuteMs - 1, RobustZScoreDetector.Window);
        for (var i = 1; i <= empty; i++)
        {
            CloseMinute(minuteMs - ((empty - i + 1) * MinuteMs), changes);
        }
        _openMinute = minuteMs;
    }

    /// <summary>
    /// The learned baselines, format 1: magic <c>VGSR</c>, format byte, the share's window, the template count and per
    /// template its id and window (<see cref="RobustZScoreDetector.WriteState"/>), restored ones not seen again included.
    /// </summary>
    public byte[] SaveRates()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(RatesMagic);
            writer.Write(RatesFormat);
            _share.WriteState(writer);
            writer.Write(_templates.Count + _restored.Count);
            foreach (var (id, watch) in _templates)
            {
                writer.Write(id.Value);
                watch.Detector.WriteState(writer);
            }
            foreach (var (id, detector) in _restored)
            {
                writer.Write(id.Value);
                detector.WriteState(writer);
            }
        }
        RatesChanged = false;
        return stream.ToArray();
    }

    /// <summary>
    /// Takes back baselines written by <see cref="SaveRates"/> (before any line): each template's window goes to the
    /// template when its next line comes. Nothing changes when it throws.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not baselines of this format, or are damaged.</exception>
    public void RestoreRates(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        try
        {
            if (reader.ReadUInt32() != RatesMagic)
            {
                throw new InvalidDataException("not Vigil log-rate baselines");
            }
            var format = reader.ReadByte();
            if (format != RatesFormat)
            {
                throw new InvalidDataException($"log-rate format {format} is not supported (this version reads {RatesFormat})");
            }
            var share = new RobustZScoreDetector();
            share.ReadState(reader);
            var count = reader.ReadInt32();
            if (count < 0 || count > bytes.Length / 12)
            {
                throw new InvalidDataException($"template count {count} does not fit in {bytes.Length} bytes");
            }
            var restored = new Dictionary<TemplateId, RobustZScoreDetector>(count);
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadInt32();
                if (id <= 0)
                {
                    throw new InvalidDataException($"template {i + 1} has id {id}");
                }
                var detector = new RobustZScoreDetector();
                detector.ReadState(reader);
                restored[new TemplateId(id)] = detector;
            }
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException($"{bytes.Length - reader.BaseStream.Position} bytes follow the baselines");
            }
            _share = share;
            _restored = restored;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the log-rate baselines are truncated", e);
        }
    }

    /// <summary>Stops watching a template that was absorbed into another or evicted; its open signal is closed.</summary>
    public void Forget(TemplateId id, long timeMs, List<Signal> changes)
    {
        _restored.Remove(id);
        if (_templates.Remove(id, out var watch) && watch.Signal is { } open)
        {
            changes.Add(open with { End = DateTimeOffset.FromUnixTimeMilliseconds(timeMs) });
        }
    }

    private void CloseMinute(long minute, List<Signal> changes)
    {
        RatesChanged = true;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(minute);
        var opened = new List<(TemplateWatch Watch, Signal Signal)>();
        foreach (var watch in _templates.Values)
        {
            var verdict = watch.Detector.Update(watch.Lines, NoiseFloor.Counts);
            if (verdict.IsAnomaly)
            {
                watch.NormalRun = 0;
                if (watch.Signal is null)
                {
                    opened.Add((watch, RateSignal(watch, at, verdict)));
                }
                else if (verdict.Severity > watch.Signal.Severity)
                {
                    watch.Signal = RateSignal(watch, at, verdict) with { Start = watch.Signal.Start, Score = Math.Max(watch.Signal.Score, verdict.Score) };
                    changes.Add(watch.Signal);
                }
            }
            else if (watch.Signal is { } open && ++watch.NormalRun >= options.PointsToClearSignal)
            {
                changes.Add(open with { End = at });
                watch.Signal = null;
                watch.NormalRun = 0;
            }
            if (watch.Lines > 0)
            {
                // The evidence of a later quiet minute (a drop) shows the last lines the template had.
                (watch.LastExamples, watch.Examples) = (watch.Examples, watch.LastExamples);
                (watch.LastSample, watch.Sample) = (watch.Sample, watch.LastSample);
                watch.Examples.Clear();
                watch.Sample.Clear();
            }
        }
        // A source whose traffic doubles moves every template at once: that is one story, told by its worst few.
        foreach (var (watch, signal) in opened.OrderByDescending(o => o.Signal.Severity).ThenByDescending(o => o.Signal.Score).Take(options.MaxRateSignalsPerMinute))
        {
            watch.Signal = signal;
            changes.Add(signal);
        }
        CloseShare(at, changes);
        foreach (var watch in _templates.Values)
        {
            watch.Lines = 0;
            watch.ErrorLines = 0;
            watch.ErrorExamples.Clear();
        }
        _minuteLines = 0;
        _minuteErrors = 0;
    }

    private void CloseShare(DateTimeOffset at, List<Signal> changes)
    {
        if (_minuteLines < options.MinLinesForErrorShare)
        {
            // Too few lines for a share to mean anything (and an empty minute has none): not a point of the series.
            return;
        }
        var share = (double)_minuteErrors / _minuteLines;
        var verdict = _share.Update(share, NoiseFloor.ShareOf(_minuteLines));
        // Only a rise is news: fewer errors than usual is not an incident.
        if (verdict.IsAnomaly && share > verdict.Expected)
        {
            _shareNormalRun = 0;
            if (_shareSignal is null)
            {
                _shareSignal = ShareSignal(at, share, verdict);
                changes.Add(_shareSignal);
            }
            else if (verdict.Severity > _shareSignal.Severity)
            {
                _shareSignal = ShareSignal(at, share, verdict) with { Start = _shareSignal.Start, Score = Math.Max(_shareSignal.Score, verdict.Score) };
                changes.Add(_shareSignal);
            }
        }
        else if (_shareSignal is { } open && ++_shareNormalRun >= options.PointsToClearSignal)
        {
            changes.Add(open with { End = at });
            _shareSignal = null;
            _shareNormalRun = 0;
        }
    }

    private Signal RateSignal(TemplateWatch watch, DateTimeOffset at, DetectorVerdict verdict)
    {
        var evidence = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        evidence["source"] = source;
        evidence["measure"] = "lines per minute";
        evidence["detector"] = "robust-zscore";
        evidence["observed"] = Number(watch.Lines);
        evidence["expected"] = Number(verdict.Expected);
        evidence["lower"] = Number(Math.Max(verdict.Lower, 0));
        evidence["upper"] = Number(verdict.Upper);
        evidence["at"] = at.ToString("O", CultureInfo.InvariantCulture);
        AddTemplate(evidence, "", watch.Template, watch.Key, watch.Lines > 0 ? watch.Examples : watch.LastExamples, watch.Lines > 0 ? watch.Sample : watch.LastSample);
        var direction = watch.Lines > verdict.Expected ? "rose" : "fell";
        return Anomaly(at, verdict, evidence, "rate " + watch.Key, string.Create(CultureInfo.InvariantCulture,
            $"log rate in {source} {direction} to {watch.Lines} lines/min, expected {verdict.Expected:G4} (normal {Math.Max(verdict.Lower, 0):G4} to {verdict.Upper:G4}): {watch.Template.Text}"));
    }

    private Signal ShareSignal(DateTimeOffset at, double share, DetectorVerdict verdict)
    {
        var evidence = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        evidence["source"] = source;
        evidence["measure"] = "share of error/warning lines per minute";
        evidence["detector"] = "robust-zscore";
        evidence["observed"] = Number(share);
        evidence["expected"] = Number(verdict.Expected);
        evidence["upper"] = Number(verdict.Upper);
        evidence["lines"] = Number(_minuteLines);
        evidence["error_lines"] = Number(_minuteErrors);
        evidence["at"] = at.ToString("O", CultureInfo.InvariantCulture);
        var drivers = _templates.Values.Where(w => w.ErrorLines > 0)
            .OrderByDescending(w => w.ErrorLines).ThenBy(w => w.Key, StringComparer.Ordinal).Take(options.MaxDriverTemplates).ToList();
        for (var d = 0; d < drivers.Count; d++)
        {
            var prefix = "driver_" + (d + 1).ToString(CultureInfo.InvariantCulture) + "_";
            evidence[prefix + "error_lines"] = Number(drivers[d].ErrorLines);
            AddTemplate(evidence, prefix, drivers[d].Template, drivers[d].Key, drivers[d].ErrorExamples, drivers[d].ErrorExamples);
        }
        var named = drivers.Count == 0 ? "" : ", mostly " + drivers[0].Template.Text;
        return Anomaly(at, verdict, evidence, "error_share", string.Create(CultureInfo.InvariantCulture,
            $"error/warning share in {source} at {share:P1} of {_minuteLines} lines/min, expected {verdict.Expected:P1}{named}"));
    }

    private Signal Anomaly(DateTimeOffset at, DetectorVerdict verdict, ImmutableSortedDictionary<string, string>.Builder evidence, string what, string summary) => new()
    {
        Kind = SignalKind.LogAnomaly,
        Entity = _entity,
        Start = at,
        Score = verdict.Score,
        Severity = verdict.Severity,
        Summary = summary,
        Evidence = evidence.ToImmutable(),
        Labels = _labels,
        Fingerprint = Signal.ComputeFingerprint(SignalKind.LogAnomaly, _entity + " " + what, _labels),
    };

    /// <summary>The template, its key, example lines and parameter statistics, under <paramref name="prefix"/>.</summary>
    internal static void AddTemplate(
        ImmutableSortedDictionary<string, string>.Builder evidence, string prefix, LogTemplate template, string key, IReadOnlyList<string> examples, IEnumerable<string> sample)
    {
        evidence[prefix + "template"] = template.Text;
        evidence[prefix + "template_id"] = key;
        for (var i = 0; i < examples.Count; i++)
        {
            evidence[prefix + "example_" + (i + 1).ToString(CultureInfo.InvariantCulture)] = examples[i];
        }
        foreach (var parameter in ParameterStatistics.Summarize(template, sample))
        {
            evidence[prefix + "param_" + parameter.Position.ToString(CultureInfo.InvariantCulture)] = parameter.ToString();
        }
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private sealed class TemplateWatch(LogTemplate template, string key, RobustZScoreDetector detector)
    {
        public LogTemplate Template { get; set; } = template;

        public string Key { get; } = key;

        public RobustZScoreDetector Detector { get; } = detector;

        public int Lines { get; set; }

        public int ErrorLines { get; set; }

        public List<string> Examples { get; set; } = [];

        public List<string> Sample { get; set; } = [];

        public List<string> LastExamples { get; set; } = [];

        public List<string> LastSample { get; set; } = [];

        public List<string> ErrorExamples { get; } = [];

        public Signal? Signal { get; set; }

        public int NormalRun { get; set; }
    }
}
