using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Detection;
using Vigil.Engine.Logs;
using Vigil.Engine.Series;
using Vigil.Ingest.Alertmanager;
using Vigil.Ingest.Otlp;
using Vigil.Server.Demo;
using Vigil.Server.Logs;
using Vigil.Simulation.Generation;

namespace Vigil.Cli.Eval;

/// <summary>
/// Vigil's analyzers over a simulated fleet, offline: the default detector of Vigil.Detection on every series, under
/// the engine's own <see cref="AnomalySignalRule"/> (a counter through its per-second rate, a signal per episode, as the
/// series shards emit them); the simulated logs through the OTLP logs decoder into one <see cref="LogSourceAnalyzer"/>
/// per service, as the <c>/v1/logs</c> receiver and the log shards do (each frame's lines arrive at the frame's time;
/// the shards' minute-closing tick runs every <see cref="LogShardOptions.TickInterval"/>), which raise
/// <see cref="SignalKind.LogAnomaly"/> and <see cref="SignalKind.NewLogPattern"/> signals; and the simulated alerts
/// through the Alertmanager webhook decoder, as the receiver turns them into <see cref="SignalKind.ExternalAlert"/>
/// signals. Every emission is kept in order, as the signal store forwards it to the correlator.
/// </summary>
internal sealed class SimulatedSignals
{
    private readonly Func<IStreamingDetector> _detector;
    private readonly AnomalySignalRule _rule;
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly Dictionary<(string Fingerprint, DateTimeOffset Start), Signal> _alerts = [];
    private readonly List<Signal> _closed = [];
    private readonly List<(DateTimeOffset At, Signal Signal)> _events = [];
    private readonly LogShardOptions _logOptions;
    private readonly Dictionary<string, LogSourceAnalyzer> _logSources = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Fingerprint, DateTimeOffset Start), Signal> _logSignals = [];
    private DateTimeOffset? _nextLogTick;

    public SimulatedSignals(Func<IStreamingDetector> detector, AnomalySignalRule rule, LogShardOptions logOptions)
    {
        _detector = detector;
        _rule = rule;
        _logOptions = logOptions;
    }

    /// <summary>Feeds one frame; signals that start before <paramref name="countFrom"/> are dropped (the warm-up).</summary>
    public void Add(SimulationFrame frame, DateTimeOffset countFrom)
    {
        var at = frame.Timestamp;
        foreach (var point in frame.Metrics)
        {
            if (!_series.TryGetValue(point.Key, out var state))
            {
                _series[point.Key] = state = new SeriesState(_detector(), point.Key.IsCounter);
            }
            Detect(point.Key, state, at, point.Value, countFrom);
        }
        AddLogs(frame, countFrom);
        if (frame.Alerts.Count > 0)
        {
            if (!AlertmanagerWebhookDecoder.TryDecode(DemoPayloads.AlertmanagerWebhook(frame.Alerts), IngestLimits.Default, out var notification, out var error))
            {
                throw new InvalidOperationException($"the simulated webhook did not decode: {error}");
            }
            foreach (var signal in notification.Signals)
            {
                if (signal.Start >= countFrom)
                {
                    _alerts[(signal.Fingerprint, signal.Start)] = signal;
                    _events.Add((at, signal));
                }
            }
        }
    }

    /// <summary>Every signal in its final state, open ones with no end, by start.</summary>
    public ImmutableArray<Signal> Signals => [.. _closed.Concat(_series.Values.Select(static s => s.Open).OfType<Signal>()).Concat(_alerts.Values).Concat(_logSignals.Values)
        .OrderBy(static s => s.Start).ThenBy(static s => s.Fingerprint, StringComparer.Ordinal)];

    /// <summary>Every emission (an opening, a raised severity, an end) with its time, in the order it happened.</summary>
    public IReadOnlyList<(DateTimeOffset At, Signal Signal)> Events => _events;

    /// <summary>Series watched.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Log sources analysed.</summary>
    public int LogSourceCount => _logSources.Count;

    /// <summary>Log lines analysed.</summary>
    public long LogLines { get; private set; }

    private void AddLogs(SimulationFrame frame, DateTimeOffset countFrom)
    {
        var at = frame.Timestamp;
        var changes = new List<Signal>();
        // The log shards' timer: every tick closes the minutes that ended a grace ago, lines or not.
        _nextLogTick ??= at;
        while (_nextLogTick <= at)
        {
            foreach (var analyzer in _logSources.Values)
            {
                analyzer.Tick((_nextLogTick.Value - _logOptions.MinuteGrace).ToUnixTimeMilliseconds(), changes);
            }
            _nextLogTick += _logOptions.TickInterval;
        }
        if (frame.Logs.Count > 0)
        {
            if (!OtlpLogsDecoder.TryDecode(DemoPayloads.OtlpLogs(frame.Logs), new OtlpContent(OtlpEncoding.Json), int.MaxValue, out var decoded, out var error))
            {
                throw new InvalidOperationException($"the simulated OTLP logs did not decode: {error}");
            }
            var arrived = at.ToUnixTimeMilliseconds();
            var bySource = new Dictionary<string, List<LogLine>>(StringComparer.Ordinal);
            foreach (var record in decoded.Records)
            {
                var (source, line) = OtlpLogLines.ToLine(record, arrived);
                if (!bySource.TryGetValue(source, out var lines))
                {
                    bySource[source] = lines = [];
                }
                lines.Add(line);
            }
            // One batch per source, as the log ingestor sends them; sources in a fixed order for determinism.
            foreach (var (source, lines) in bySource.OrderBy(static p => p.Key, StringComparer.Ordinal))
            {
                if (!_logSources.TryGetValue(source, out var analyzer))
                {
                    _logSources[source] = analyzer = new LogSourceAnalyzer(source, _logOptions);
                }
                changes.AddRange(analyzer.Analyze(lines).Signals);
                LogLines += lines.Count;
            }
        }
        foreach (var signal in changes)
        {
            if (signal.Start >= countFrom)
            {
                _logSignals[(signal.Fingerprint, signal.Start)] = signal;
                _events.Add((at, signal));
            }
        }
    }

    private void Detect(SeriesKey key, SeriesState state, DateTimeOffset at, double value, DateTimeOffset countFrom)
    {
        var observed = value;
        if (state.IsCounter)
        {
            observed = AnomalySignalRule.CounterRate(state.Previous, state.PreviousAt, value, at);
            state.Previous = value;
            state.PreviousAt = at;
            if (double.IsNaN(observed))
            {
                return;
            }
        }
        var result = state.Detector.Update(at.UtcDateTime, observed);
        switch (_rule.Observe(state.Episode, result))
        {
            case AnomalyStep.Opened when at >= countFrom:
                state.Open = AnomalySignalRule.NewSignal(key, state.IsCounter, at, observed, result, state.Episode);
                _events.Add((at, state.Open));
                break;
            case AnomalyStep.Raised when state.Open is { } open:
                state.Open = open with { Severity = state.Episode.Severity, Score = Math.Max(open.Score, Math.Clamp(result.Score, 0, 1)) };
                _events.Add((at, state.Open));
                break;
            case AnomalyStep.Closed when state.Open is { } open:
                _closed.Add(open with { End = at });
                _events.Add((at, _closed[^1]));
                state.Open = null;
                break;
        }
    }

    private sealed class SeriesState(IStreamingDetector detector, bool isCounter)
    {
        public IStreamingDetector Detector { get; } = detector;

        public bool IsCounter { get; } = isCounter;

        public AnomalyEpisode Episode { get; } = new();

        public double Previous { get; set; } = double.NaN;

        public DateTimeOffset PreviousAt { get; set; }

        public Signal? Open { get; set; }
    }
}
