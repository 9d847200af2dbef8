using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Detection;
using Vigil.Engine.Hosting;

namespace Vigil.Engine.Series;

/// <summary>What one detector verdict did to a series' anomaly episode.</summary>
public enum AnomalyStep
{
    /// <summary>Nothing to tell: normal, not enough evidence yet, or anomalous without a higher severity.</summary>
    None,
    /// <summary>An episode opened: emit a new signal.</summary>
    Opened,
    /// <summary>The open episode reached a higher severity: emit the signal again with it.</summary>
    Raised,
    /// <summary>The open episode ended: emit the signal with its end.</summary>
    Closed,
}

/// <summary>
/// The rule that turns one series' detector verdicts into anomaly signals, one per episode: the series shards run it
/// and so does <c>vigil eval correlation</c>, so the evaluation measures what the engine emits.
/// <list type="bullet">
/// <item>a point is <em>hot</em> when its score is at least <see cref="Threshold"/> (and no feedback quiets it);</item>
/// <item>an episode opens on a hot point that is strong on its own (score at least <see cref="LoneScore"/>), or that
/// makes at least <see cref="PointsToOpen"/> hot points among the last <see cref="PointsToOpen"/> + 1 (1: any hot
/// point opens one): one weak point is not evidence enough;</item>
/// <item>while open, a hot point with a higher severity raises it; <see cref="PointsToClear"/> normal points in a row
/// close it;</item>
/// <item>a counter is watched through its per-second rate (<see cref="CounterRate"/>).</item>
/// </list>
/// Immutable; the per-series state is an <see cref="AnomalyEpisode"/>.
/// </summary>
public sealed class AnomalySignalRule
{
    /// <summary>A rule; throws naming a setting out of range.</summary>
    public AnomalySignalRule(double threshold, int pointsToOpen, int pointsToClear, double loneScore = 1)
    {
        if (!(threshold is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "must lie in (0, 1]");
        }
        if (!(loneScore >= threshold && loneScore <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(loneScore), loneScore, "must lie between the threshold and 1");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsToOpen, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pointsToOpen, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsToClear, 1);
        Threshold = threshold;
        PointsToOpen = pointsToOpen;
        PointsToClear = pointsToClear;
        LoneScore = loneScore;
    }

    /// <summary>The engine's rule: <see cref="EngineOptions.AnomalyThreshold"/>, <see cref="EngineOptions.PointsToOpenSignal"/>,
    /// <see cref="EngineOptions.PointsToClearSignal"/> and <see cref="EngineOptions.LoneAnomalyScore"/>.</summary>
    public static AnomalySignalRule From(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AnomalySignalRule(options.AnomalyThreshold, options.PointsToOpenSignal, options.PointsToClearSignal, Math.Max(options.AnomalyThreshold, options.LoneAnomalyScore));
    }

    /// <summary>Score from which a point is hot.</summary>
    public double Threshold { get; }

    /// <summary>Hot points among the latest <c>PointsToOpen + 1</c> that open an episode.</summary>
    public int PointsToOpen { get; }

    /// <summary>Score from which one hot point opens an episode by itself.</summary>
    public double LoneScore { get; }

    /// <summary>Normal points in a row that close an episode.</summary>
    public int PointsToClear { get; }

    /// <summary>Takes one verdict; <paramref name="quieted"/> is true when feedback marked such a deviation a false
    /// positive (the point then counts as normal).</summary>
    public AnomalyStep Observe(AnomalyEpisode episode, DetectionResult verdict, bool quieted = false)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var hot = verdict.Score >= Threshold && !quieted;
        // The latest points, newest in bit 0; only the last PointsToOpen + 1 are ever read.
        episode.Recent = (byte)((episode.Recent << 1) | (hot ? 1 : 0));
        if (!hot)
        {
            if (episode.IsOpen && ++episode.NormalRun >= PointsToClear)
            {
                episode.IsOpen = false;
                episode.NormalRun = 0;
                episode.Severity = 0;
                return AnomalyStep.Closed;
            }
            return AnomalyStep.None;
        }
        episode.NormalRun = 0;
        var severity = Math.Clamp(verdict.Severity, 0, 100);
        if (!episode.IsOpen)
        {
            var window = (1 << (PointsToOpen + 1)) - 1;
            if (verdict.Score < LoneScore && int.PopCount(episode.Recent & window) < PointsToOpen)
            {
                return AnomalyStep.None;
            }
            episode.IsOpen = true;
            episode.Severity = severity;
            return AnomalyStep.Opened;
        }
        if (severity > episode.Severity)
        {
            episode.Severity = severity;
            return AnomalyStep.Raised;
        }
        return AnomalyStep.None;
    }

    /// <summary>Ends an open episode (the series went stale); true when one was open.</summary>
    public static bool Close(AnomalyEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var wasOpen = episode.IsOpen;
        episode.IsOpen = false;
        episode.NormalRun = 0;
        episode.Severity = 0;
        episode.Recent = 0;
        return wasOpen;
    }

    /// <summary>
    /// The <see cref="SignalKind.MetricAnomaly"/> signal an <see cref="AnomalyStep.Opened"/> episode opens on
    /// <paramref name="key"/> (a counter's <paramref name="value"/> is its rate), without evidence.
    /// </summary>
    public static Signal NewSignal(SeriesKey key, bool isCounter, DateTimeOffset at, double value, DetectionResult verdict, AnomalyEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var entity = key.ToString();
        return new Signal
        {
            Kind = SignalKind.MetricAnomaly,
            Entity = entity,
            Start = at,
            Score = Math.Clamp(verdict.Score, 0, 1),
            Severity = episode.Severity,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"{key.MetricName}{(isCounter ? " rate" : "")} at {value:G6}{(isCounter ? "/s" : "")}, expected {verdict.Expected:G6} (normal {verdict.Lower:G6} to {verdict.Upper:G6})"),
            Labels = key.Labels,
            Fingerprint = Signal.ComputeFingerprint(SignalKind.MetricAnomaly, entity, key.Labels),
        };
    }

    /// <summary>
    /// A counter's per-second rate between two samples: a drop is a reset, so the new value counts from zero. NaN
    /// when there is no usable previous sample (NaN value or no time between them).
    /// </summary>
    public static double CounterRate(double previous, DateTimeOffset previousAt, double value, DateTimeOffset at)
    {
        var seconds = (at - previousAt).TotalSeconds;
        if (double.IsNaN(previous) || !(seconds > 0))
        {
            return double.NaN;
        }
        return (value >= previous ? value - previous : value) / seconds;
    }
}

/// <summary>One series' place in the <see cref="AnomalySignalRule"/>: whether an episode is open and what it has seen.</summary>
public sealed class AnomalyEpisode
{
    /// <summary>Whether an episode is open.</summary>
    public bool IsOpen { get; internal set; }

    /// <summary>The highest severity (0–100) of the open episode; 0 when none is open.</summary>
    public int Severity { get; internal set; }

    /// <summary>Normal points in a row since the open episode's last hot point.</summary>
    public int NormalRun { get; internal set; }

    /// <summary>The latest points, hot or not, newest in bit 0.</summary>
    internal byte Recent { get; set; }
}
