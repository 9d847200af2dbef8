using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Ingest;
using Vigil.Ingest.RemoteWrite;

namespace Vigil.Ingest.Influx;

/// <summary>
/// Decodes Influx line protocol bodies (<c>POST /api/v2/write</c>, <c>POST /write</c>) into a validated
/// <see cref="MetricBatch"/>: every numeric field becomes a series named <c>measurement_field</c> (Telegraf's
/// Prometheus convention) whose labels are the tags; string fields are skipped and counted. Errors name the line and
/// column. A body is taken whole or refused whole.
/// </summary>
/// <remarks>Thread-safe: each thread decodes with its own scratch state.</remarks>
public static class InfluxLineDecoder
{
    /// <summary>Decodes a line protocol body (already decompressed).</summary>
    /// <param name="body">The request body, UTF-8, lines separated by <c>\n</c> (or <c>\r\n</c>).</param>
    /// <param name="precision">The unit of the timestamps in the body.</param>
    /// <param name="now">The time given to lines without a timestamp, truncated to <paramref name="precision"/>.</param>
    /// <param name="limits">The bounds to enforce.</param>
    /// <param name="result">The decoded body when the method returns true.</param>
    /// <param name="error">What was wrong and where (line and column) when the method returns false.</param>
    /// <returns>True when the whole body is valid.</returns>
    public static bool TryDecode(
        ReadOnlySpan<byte> body,
        InfluxPrecision precision,
        DateTimeOffset now,
        IngestLimits limits,
        [NotNullWhen(true)] out InfluxResult? result,
        [NotNullWhen(false)] out IngestError? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (body.Length > limits.MaxBodyBytes)
        {
            result = null;
            error = new IngestError(IngestErrorKind.TooLarge, $"body of {body.Length} bytes exceeds the limit {nameof(IngestLimits.MaxBodyBytes)}={limits.MaxBodyBytes}");
            return false;
        }
        try
        {
            result = InfluxLineParser.Rent().Parse(body, precision, Truncate(now.ToUnixTimeMilliseconds(), precision), limits);
            error = null;
            return true;
        }
        catch (DecodeException e)
        {
            result = null;
            error = e.Error;
            return false;
        }
    }

    /// <summary>InfluxDB stamps lines without a timestamp with the server time at the request's precision.</summary>
    private static long Truncate(long ms, InfluxPrecision precision)
    {
        var unit = precision switch
        {
            InfluxPrecision.Seconds => 1000L,
            InfluxPrecision.Minutes => 60_000L,
            InfluxPrecision.Hours => 3_600_000L,
            _ => 1L,
        };
        return ms - (((ms % unit) + unit) % unit);
    }
}
