using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Detection;
using Vigil.Ingest.Alertmanager;
using Vigil.Server.Demo;
using Vigil.Simulation.Generation;

namespace Vigil.Cli.Eval;

/// <summary>
/// Vigil's analyzers over a simulated fleet, offline: the default detector of Vigil.Detection on every series (a
/// counter through its per-second rate, as the engine watches it), opening a <see cref="SignalKind.MetricAnomaly"/>
/// signal on the first point at or above the threshold and closing it after five normal points, as the engine's shards
/// do; and the simulated alerts through the Alertmanager webhook decoder, as the receiver turns them into
/// <see cref="SignalKind.ExternalAlert"/> signals.
/// </summary>
internal sealed class SimulatedSignals
{
    private const int PointsToClear = 5;
    private readonly Func<IStreamingDetector> _detector;
    private readonly double _threshold;
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly Dictionary<(string Fingerprint, DateTimeOffset Start), Signal> _alerts = [];
    private readonly List<Signal> _closed = [];

    public SimulatedSignals(Func<IStreamingDetector> detector, double threshold)
    {
        _detector = detector;
        _threshold = threshold;
    }

    /// <summary>Feeds one frame; signals that start before <paramref name="countFrom"/> are dropped (the warm-up).</summary>
    public void Add(SimulationFrame frame, DateTimeOffset countFrom)
    {
        var at = frame.Timestamp;
        foreach (var point in frame.Metrics)
        {
            if (!_series.TryGetValue(point.Key, out var state))
            {
                var name = point.Key.MetricName;
                _series[point.Key] = state = new SeriesState(_detector(), name.EndsWith("_total", StringComparison.Ordinal));
            }
            Detect(point.Key, state, at, point.Value, countFrom);
        }
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
                }
            }
        }
    }

    /// <summary>Every signal, open ones with no end, by start.</summary>
    public ImmutableArray<Signal> Signals => [.. _closed.Concat(_series.Values.Select(static s => s.Open).OfType<Signal>()).Concat(_alerts.Values)
        .OrderBy(static s => s.Start).ThenBy(static s => s.Fingerprint, StringComparer.Ordinal)];

    /// <summary>Series watched.</summary>
    public int SeriesCount => _series.Count;

    private void Detect(SeriesKey key, SeriesState state, DateTimeOffset at, double value, DateTimeOffset countFrom)
    {
        var observed = value;
        if (state.IsCounter)
        {
            var previous = state.Previous;
            var previousAt = state.PreviousAt;
            state.Previous = value;
            state.PreviousAt = at;
            if (double.IsNaN(previous))
            {
                return;
            }
            observed = (value >= previous ? value - previous : value) / (at - previousAt).TotalSeconds;
        }
        var result = state.Detector.Update(at.UtcDateTime, observed);
        if (result.Score >= _threshold)
        {
            state.NormalRun = 0;
            if (state.Open is null)
            {
                if (at < countFrom)
                {
                    return;
                }
                var entity = key.ToString();
                state.Open = new Signal
                {
                    Kind = SignalKind.MetricAnomaly,
                    Entity = entity,
                    Start = at,
                    Score = Math.Clamp(result.Score, 0, 1),
                    Severity = Math.Clamp(result.Severity, 0, 100),
                    Summary = string.Create(CultureInfo.InvariantCulture, $"{key.MetricName}{(state.IsCounter ? " rate" : "")} at {observed:G6}, expected {result.Expected:G6} (normal {result.Lower:G6} to {result.Upper:G6})"),
                    Labels = key.Labels,
                    Fingerprint = Signal.ComputeFingerprint(SignalKind.MetricAnomaly, entity, key.Labels),
                };
            }
            else if (result.Severity > state.Open.Severity)
            {
                state.Open = state.Open with { Severity = Math.Clamp(result.Severity, 0, 100), Score = Math.Max(state.Open.Score, Math.Clamp(result.Score, 0, 1)) };
            }
        }
        else if (state.Open is { } open && ++state.NormalRun >= PointsToClear)
        {
            _closed.Add(open with { End = at });
            state.Open = null;
            state.NormalRun = 0;
        }
    }

    private sealed class SeriesState(IStreamingDetector detector, bool isCounter)
    {
        public IStreamingDetector Detector { get; } = detector;

        public bool IsCounter { get; } = isCounter;

        public double Previous { get; set; } = double.NaN;

        public DateTimeOffset PreviousAt { get; set; }

        public Signal? Open { get; set; }

        public int NormalRun { get; set; }
    }
}
