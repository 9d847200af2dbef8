namespace Vigil.Ingest.Influx;

/// <summary>The unit of the timestamps in an Influx line protocol body (the <c>precision</c> query parameter).</summary>
public enum InfluxPrecision
{
    /// <summary>Nanoseconds (<c>ns</c>), the default.</summary>
    Nanoseconds,
    /// <summary>Microseconds (<c>us</c> or <c>u</c>).</summary>
    Microseconds,
    /// <summary>Milliseconds (<c>ms</c>).</summary>
    Milliseconds,
    /// <summary>Seconds (<c>s</c>).</summary>
    Seconds,
    /// <summary>Minutes (<c>m</c>, InfluxDB 1.x <c>/write</c> only).</summary>
    Minutes,
    /// <summary>Hours (<c>h</c>, InfluxDB 1.x <c>/write</c> only).</summary>
    Hours,
}

/// <summary>Parses the <c>precision</c> query parameter of the two Influx write APIs.</summary>
public static class InfluxPrecisions
{
    /// <summary>
    /// The precision of InfluxDB 2.x <c>POST /api/v2/write</c>: <c>ns</c> (default when absent), <c>us</c>/<c>u</c>,
    /// <c>ms</c>, <c>s</c>.
    /// </summary>
    /// <returns>False when <paramref name="text"/> names no precision this API knows.</returns>
    public static bool TryParseV2(string? text, out InfluxPrecision precision)
    {
        var ok = TryParseV1(text, out precision);
        return ok && precision is not (InfluxPrecision.Minutes or InfluxPrecision.Hours);
    }

    /// <summary>
    /// The precision of InfluxDB 1.x <c>POST /write</c>: <c>ns</c>/<c>n</c> (default when absent), <c>us</c>/<c>u</c>,
    /// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>.
    /// </summary>
    /// <returns>False when <paramref name="text"/> names no precision this API knows.</returns>
    public static bool TryParseV1(string? text, out InfluxPrecision precision)
    {
        (var ok, precision) = text switch
        {
            null or "" or "ns" or "n" => (true, InfluxPrecision.Nanoseconds),
            "us" or "u" or "µs" => (true, InfluxPrecision.Microseconds),
            "ms" => (true, InfluxPrecision.Milliseconds),
            "s" => (true, InfluxPrecision.Seconds),
            "m" => (true, InfluxPrecision.Minutes),
            "h" => (true, InfluxPrecision.Hours),
            _ => (false, InfluxPrecision.Nanoseconds),
        };
        return ok;
    }
}
