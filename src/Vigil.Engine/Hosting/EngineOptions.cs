using Vigil.Detection;

namespace Vigil.Engine.Hosting;

/// <summary>Settings of the engine. Validated once, when the host is built.</summary>
public sealed class EngineOptions
{
    /// <summary>Number of series shards S (fixed per deployment: changing it moves series between shards). Default 64.</summary>
    public int Shards { get; set; } = 64;

    /// <summary>Samples per head chunk before it is sealed (Prometheus uses 120). Default 120.</summary>
    public int SamplesPerChunk { get; set; } = 120;

    /// <summary>A head chunk older than this is sealed at the next checkpoint, so the journal stays short. Default 1 h.</summary>
    public TimeSpan MaxHeadAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the journal is trimmed and retention applied. Default 30 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long samples are kept. Default 15 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(15);

    /// <summary>Samples accepted but not yet applied beyond which ingest answers 429. Default 2,000,000.</summary>
    public int MaxInFlightSamples { get; set; } = 2_000_000;

    /// <summary>Sealed chunks waiting for the store beyond which ingest answers 429. Default 1,000,000.</summary>
    public int MaxChunkBacklog { get; set; } = 1_000_000;

    /// <summary>Consecutive normal points that end an open anomaly signal. Default 5.</summary>
    public int PointsToClearSignal { get; set; } = 5;

    /// <summary>
    /// Anomalous points among the latest <c>PointsToOpenSignal + 1</c> that open an anomaly signal (1: any anomalous
    /// point opens one; at most 8). Default 2, "2 of 3": on the simulated fleet most false signals were one lone point
    /// (a low-count counter's rate jumping for one scrape), while a real fault stays anomalous; asking for a second
    /// point costs at most one scrape of detection time (docs/benchmarks.md, "Correlation on the simulated fleet").
    /// </summary>
    public int PointsToOpenSignal { get; set; } = 2;

    /// <summary>Score from which one anomalous point opens a signal by itself (see <see cref="PointsToOpenSignal"/>). Default 0.9.</summary>
    public double LoneAnomalyScore { get; set; } = 0.9;

    /// <summary>
    /// The detector run on every series, by its name in Vigil.Detection's catalog (<c>vigil</c>, the calibrated
    /// ensemble, by default; <c>robust</c>, <c>seasonal</c>, <c>cusum</c>, <c>contextual</c>, <c>spectral</c>).
    /// </summary>
    public string Detector { get; set; } = DetectorCatalog.Default;

    /// <summary>
    /// Score from which a point opens a signal, in (0, 1). Default 0.7 (severity 70, the upper "major" band): NAB's
    /// corpus-tuned 0.48 (<see cref="DetectorCatalog.DefaultThreshold"/>) rewards catching every labelled window, and on
    /// the simulated fleet it opened about one false signal per series every 1.2 hours of fault-free data, which
    /// floods correlation; 0.7 cut that about tenfold while faults were still seen within about 15 s
    /// (docs/benchmarks.md, "Correlation on the simulated fleet").
    /// </summary>
    public double AnomalyThreshold { get; set; } = 0.7;

    /// <summary>How long the quiet that a "false positive" verdict imposes on a series takes to fade by half. Default 14 days.</summary>
    public TimeSpan FeedbackHalfLife { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How often each shard writes the learned models (detector state, verdicts) of the series that changed since
    /// their last write to <c>models.db</c>; they are also written when a shard deactivates (a graceful stop). A crash
    /// loses at most this much learning. Default 5 minutes.
    /// </summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(Shards is > 0 and <= 65536, nameof(Shards), Shards, "between 1 and 65536");
        Check(SamplesPerChunk is >= 2 and <= 65535, nameof(SamplesPerChunk), SamplesPerChunk, "between 2 and 65535");
        Check(MaxHeadAge > TimeSpan.Zero, nameof(MaxHeadAge), MaxHeadAge, "positive");
        Check(CheckpointInterval > TimeSpan.Zero, nameof(CheckpointInterval), CheckpointInterval, "positive");
        Check(Retention >= TimeSpan.FromHours(1), nameof(Retention), Retention, "at least 1 hour");
        Check(MaxInFlightSamples > 0, nameof(MaxInFlightSamples), MaxInFlightSamples, "positive");
        Check(MaxChunkBacklog > 0, nameof(MaxChunkBacklog), MaxChunkBacklog, "positive");
        Check(PointsToClearSignal > 0, nameof(PointsToClearSignal), PointsToClearSignal, "positive");
        Check(LoneAnomalyScore is > 0 and <= 1, nameof(LoneAnomalyScore), LoneAnomalyScore, "in (0, 1]");
        Check(PointsToOpenSignal is >= 1 and <= 8, nameof(PointsToOpenSignal), PointsToOpenSignal, "between 1 and 8");
        Check(Detector is not null && DetectorCatalog.TryCreate(Detector, out _), nameof(Detector), Detector ?? "null",
            $"one of {string.Join(", ", DetectorCatalog.Names)}");
        Check(AnomalyThreshold is > 0 and < 1, nameof(AnomalyThreshold), AnomalyThreshold, "between 0 and 1 (exclusive)");
        Check(FeedbackHalfLife > TimeSpan.Zero, nameof(FeedbackHalfLife), FeedbackHalfLife, "positive");
        Check(SnapshotInterval >= TimeSpan.FromSeconds(1), nameof(SnapshotInterval), SnapshotInterval, "at least 1 second");
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Engine:{name} = {value} is invalid: it must be {rule}.", name);
        }
    }
}
