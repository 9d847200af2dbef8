namespace Vigil.Core.Ingest;

/// <summary>Bounds every receiver enforces before it acknowledges anything. Past them a request is refused whole.</summary>
public sealed record IngestLimits
{
    /// <summary>Largest accepted request body in bytes, after decompression (default 64 MiB).</summary>
    public int MaxBodyBytes { get; init; } = 64 << 20;

    /// <summary>Most labels in one series, <c>__name__</c> included (default 64).</summary>
    public int MaxLabelsPerSeries { get; init; } = 64;

    /// <summary>Longest label name in characters (default 256).</summary>
    public int MaxLabelNameLength { get; init; } = 256;

    /// <summary>Longest label value in characters (default 4096).</summary>
    public int MaxLabelValueLength { get; init; } = 4096;

    /// <summary>Most series in one request (default 100,000).</summary>
    public int MaxSeriesPerRequest { get; init; } = 100_000;

    /// <summary>Most samples in one request (default 1,000,000).</summary>
    public int MaxSamplesPerRequest { get; init; } = 1_000_000;

    /// <summary>The defaults.</summary>
    public static IngestLimits Default { get; } = new();

    /// <summary>Throws when a limit is not positive, naming it.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBodyBytes, nameof(MaxBodyBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLabelsPerSeries, nameof(MaxLabelsPerSeries));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLabelNameLength, nameof(MaxLabelNameLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLabelValueLength, nameof(MaxLabelValueLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSeriesPerRequest, nameof(MaxSeriesPerRequest));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSamplesPerRequest, nameof(MaxSamplesPerRequest));
    }
}
