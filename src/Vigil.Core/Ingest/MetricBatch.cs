using Vigil.Core.Series;

namespace Vigil.Core.Ingest;

/// <summary>The samples of one series in a batch, in ascending time order.</summary>
/// <param name="Key">The series.</param>
/// <param name="Samples">Its samples, timestamps strictly ascending.</param>
public sealed record SeriesSamples(SeriesKey Key, Sample[] Samples);

/// <summary>
/// A decoded, validated ingest request: what every metric receiver produces, what the journal keeps and what
/// the shards receive. A series appears once per batch.
/// </summary>
public sealed class MetricBatch
{
    /// <summary>Wraps decoded series.</summary>
    public MetricBatch(IReadOnlyList<SeriesSamples> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series;
        var count = 0;
        foreach (var s in series)
        {
            count += s.Samples.Length;
        }
        SampleCount = count;
    }

    /// <summary>A batch with nothing in it.</summary>
    public static MetricBatch Empty { get; } = new([]);

    /// <summary>The series and their samples.</summary>
    public IReadOnlyList<SeriesSamples> Series { get; }

    /// <summary>The number of samples over all series.</summary>
    public int SampleCount { get; }
}
