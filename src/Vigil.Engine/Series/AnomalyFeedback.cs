using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Detection;
using Vigil.Detection.Feedback;
using Vigil.Engine.Hosting;

namespace Vigil.Engine.Series;

/// <summary>
/// Hands a person's verdict on a metric anomaly to the series it came from: after a false positive the series keeps
/// quiet about anomalies like it (same direction, no farther out); after a confirmation it always alerts on them.
/// </summary>
public sealed class AnomalyFeedback(IGrainFactory grains, EngineOptions options)
{
    /// <summary>
    /// Applies <paramref name="verdict"/> to the series of <paramref name="signal"/>. Returns false when the signal is
    /// not a metric anomaly of one stored series with its band in evidence (an external alert, a log pattern): there is
    /// no series detector to tell.
    /// </summary>
    public async Task<bool> ApplyAsync(Signal signal, SignalVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!TryDescribe(signal, out var id, out var key, out var deviation))
        {
            return false;
        }
        await grains.GetGrain<ISeriesShardGrain>(key.ShardOf(options.Shards)).FeedbackAsync(new SeriesFeedback(id, key, verdict, deviation));
        return true;
    }

    /// <summary>
    /// The series of a metric anomaly and the anomaly's deviation (signed, in band half-widths), from its evidence;
    /// false when the signal is not a metric anomaly of one stored series with its band in evidence.
    /// </summary>
    internal static bool TryDescribe(Signal signal, out SeriesId id, out SeriesKey key, out double deviation)
    {
        deviation = double.NaN;
        key = default;
        id = default;
        if (signal.Kind != SignalKind.MetricAnomaly
            || !signal.Evidence.TryGetValue("series_id", out var idText) || !SeriesId.TryParse(idText, out id)
            || !SeriesKey.TryCreate(signal.Labels, out key, out _)
            || Number(signal, "observed") is not { } observed || Number(signal, "expected") is not { } expected
            || Number(signal, "lower") is not { } lower || Number(signal, "upper") is not { } upper)
        {
            return false;
        }
        deviation = FeedbackFilter.Deviation(observed, new DetectionResult(signal.Score, expected, lower, upper));
        return double.IsFinite(deviation);
    }

    private static double? Number(Signal signal, string name) =>
        signal.Evidence.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
