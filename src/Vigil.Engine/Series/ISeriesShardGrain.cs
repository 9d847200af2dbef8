using Vigil.Core.Series;

namespace Vigil.Engine.Series;

/// <summary>
/// One of S shards of the series space (key: <c>hash(series) mod S</c>). Owns the head chunks and detector state of its
/// series; ingest sends it one call per request.
/// </summary>
public interface ISeriesShardGrain : IGrainWithIntegerKey
{
    /// <summary>Appends samples, runs the detector on each and seals full head chunks.</summary>
    Task<ShardAppendResult> AppendAsync(ShardBatch batch);

    /// <summary>Seals head chunks opened longer ago than <paramref name="maxHeadAge"/> and reports the journal watermark.</summary>
    Task<ShardWatermark> CheckpointAsync(TimeSpan maxHeadAge);

    /// <summary>The unsealed samples of a series in [from, to].</summary>
    Task<Sample[]> ReadHeadAsync(SeriesId id, long fromMs, long toMs);

    /// <summary>
    /// Takes a person's verdict on an anomaly of a series: its later anomalies are filtered accordingly (see
    /// <c>Vigil.Detection.Feedback.FeedbackFilter</c>).
    /// </summary>
    Task FeedbackAsync(SeriesFeedback feedback);

    /// <summary>Writes the learned models (detector state, verdicts) of the series that changed since their last write.</summary>
    Task<ShardModelsSaved> SaveModelsAsync();
}
