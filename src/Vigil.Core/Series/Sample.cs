namespace Vigil.Core.Series;

/// <summary>One observation of a series: a Unix time in milliseconds and a value.</summary>
/// <param name="TimestampMs">Milliseconds since the Unix epoch (UTC).</param>
/// <param name="Value">The value; NaN and ±Inf are valid, <see cref="StaleNaN"/> marks the series stale.</param>
public readonly record struct Sample(long TimestampMs, double Value)
{
    /// <summary>The bit pattern of Prometheus's staleness marker.</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    /// <summary>Prometheus's staleness marker: a NaN with a particular payload meaning "this series ended".</summary>
    public static double StaleNaN => BitConverter.UInt64BitsToDouble(StaleNaNBits);

    /// <summary>True when the value is the staleness marker (not just any NaN).</summary>
    public bool IsStale => BitConverter.DoubleToUInt64Bits(Value) == StaleNaNBits;

    /// <summary>The timestamp as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs);

    /// <summary>Value equality that treats two NaNs with the same bits as equal (so replays dedupe).</summary>
    public bool Equals(Sample other) =>
        TimestampMs == other.TimestampMs && BitConverter.DoubleToUInt64Bits(Value) == BitConverter.DoubleToUInt64Bits(other.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TimestampMs, BitConverter.DoubleToUInt64Bits(Value));
}
