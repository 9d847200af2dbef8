using Vigil.Core.Chunks;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Detection;
using Vigil.Detection.Feedback;

namespace Vigil.Engine.Series;

/// <summary>What a shard keeps in memory for one series: its head chunk, detector and open signal.</summary>
internal sealed class SeriesState(SeriesId id, SeriesKey key, long lastTimestampMs, IStreamingDetector detector)
{
    public SeriesId Id { get; } = id;

    public SeriesKey Key { get; } = key;

    /// <summary>The open head chunk; null between a seal and the next sample.</summary>
    public XorChunkAppender? Head { get; set; }

    /// <summary>Journal sequence of the head's first sample: the journal must keep it until the head is sealed and written.</summary>
    public long HeadSequence { get; set; }

    /// <summary>When (server time) the head got its first sample.</summary>
    public DateTimeOffset HeadOpenedAt { get; set; }

    /// <summary>Timestamp of the latest sample, appended or sealed.</summary>
    public long LastTimestampMs { get; set; } = lastTimestampMs;

    /// <summary>Bits of the latest sample's value, to tell a retried duplicate from a conflicting one.</summary>
    public ulong LastValueBits { get; set; }

    /// <summary>True once <see cref="LastValueBits"/> holds a real sample (not after a restart, when only the time is known).</summary>
    public bool LastValueKnown { get; set; }

    /// <summary>
    /// Whether the series is a Prometheus counter by its name (<c>_total</c>, <c>_count</c>, <c>_sum</c>, <c>_bucket</c>):
    /// the detector then watches its per-second rate, which is what moves when something goes wrong, not the raw
    /// ever-growing value.
    /// </summary>
    public bool IsCounter { get; } = key.IsCounter;

    /// <summary>The series' detector (Vigil.Detection), fed the value of a gauge or the rate of a counter.</summary>
    public IStreamingDetector Detector { get; set; } = detector;

    /// <summary>What people said about this series' anomalies; null until the first verdict.</summary>
    public FeedbackFilter? Feedback { get; private set; }

    /// <summary>The verdicts <see cref="Feedback"/> was built from, oldest first: what a model snapshot keeps.</summary>
    public List<FeedbackVerdict> Verdicts { get; } = [];

    /// <summary>
    /// The latest timestamp the restored detector had already learned: samples at or before it (journal replay after a
    /// restart) go to the head chunk but not to the detector a second time. <see cref="long.MinValue"/> when fresh.
    /// </summary>
    public long DetectedThroughMs { get; set; } = long.MinValue;

    /// <summary>The detector or the verdicts changed since the model was last written.</summary>
    public bool ModelChanged { get; set; }

    /// <summary>The anomaly signal open on this series, if any.</summary>
    public Signal? OpenSignal { get; set; }

    /// <summary>Where the series stands in the <see cref="AnomalySignalRule"/>.</summary>
    public AnomalyEpisode Episode { get; } = new();

    /// <summary>
    /// Applies a person's verdict to <see cref="Feedback"/> and keeps it in <see cref="Verdicts"/> (the newest
    /// <see cref="FeedbackVerdict.MaxKept"/>), so that a restored model replays the same verdicts into the same filter.
    /// </summary>
    public void Apply(FeedbackVerdict verdict, TimeSpan halfLife)
    {
        Feedback ??= new FeedbackFilter(halfLife);
        if (verdict.Verdict == SignalVerdict.FalsePositive)
        {
            Feedback.MarkFalsePositive(verdict.Deviation, new DateTime(verdict.AtTicks, DateTimeKind.Utc));
        }
        else
        {
            Feedback.Confirm(verdict.Deviation);
        }
        if (Verdicts.Count == FeedbackVerdict.MaxKept)
        {
            Verdicts.RemoveAt(0);
        }
        Verdicts.Add(verdict);
        ModelChanged = true;
    }
}

/// <summary>A person's verdict as a series' feedback filter took it.</summary>
/// <param name="Verdict">False positive or confirmed.</param>
/// <param name="Deviation">The anomaly's deviation (signed, in band half-widths).</param>
/// <param name="AtTicks">For a false positive, when (UTC ticks, the series' own time) its quiet started fading.</param>
internal readonly record struct FeedbackVerdict(SignalVerdict Verdict, double Deviation, long AtTicks)
{
    /// <summary>Verdicts kept per series; older ones are dropped from the snapshot (people give a few, not hundreds).</summary>
    public const int MaxKept = 256;
}
