using Vigil.Core.Ingest;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// A decoded OTLP metrics request: the batch to journal and the data points refused one by one (reported to the
/// sender as <c>partial_success</c>). A request with malformed content or past a limit produces no result at all.
/// </summary>
public sealed class OtlpMetricsResult
{
    internal OtlpMetricsResult(MetricBatch batch, long acceptedDataPoints, long rejectedDataPoints, string? rejectionMessage)
    {
        Batch = batch;
        AcceptedDataPoints = acceptedDataPoints;
        RejectedDataPoints = rejectedDataPoints;
        RejectionMessage = rejectionMessage;
    }

    /// <summary>The series and samples of the accepted data points.</summary>
    public MetricBatch Batch { get; }

    /// <summary>OTLP data points accepted (a histogram point counts once, however many series it feeds).</summary>
    public long AcceptedDataPoints { get; }

    /// <summary>OTLP data points refused: unusable names, unsupported kinds, missing values or times, late deltas, duplicates.</summary>
    public long RejectedDataPoints { get; }

    /// <summary>Why points were refused, naming the metrics and point indexes; null when none was.</summary>
    public string? RejectionMessage { get; }

    /// <summary>
    /// This result with <paramref name="points"/> more refused after decoding, e.g. samples older than what the store
    /// holds; the message is appended to <see cref="RejectionMessage"/>.
    /// </summary>
    public OtlpMetricsResult WithRejected(long points, string message)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        return new OtlpMetricsResult(
            Batch,
            Math.Max(0, AcceptedDataPoints - points),
            RejectedDataPoints + points,
            string.IsNullOrEmpty(RejectionMessage) ? message : $"{RejectionMessage}; {message}");
    }

    /// <summary>True when some data points were refused.</summary>
    public bool IsPartial => RejectedDataPoints > 0;
}
