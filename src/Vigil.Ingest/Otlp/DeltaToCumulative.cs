using Vigil.Core.Series;

namespace Vigil.Ingest.Otlp;

/// <summary>What <see cref="DeltaToCumulative.Add"/> did with a delta point.</summary>
public enum DeltaOutcome
{
    /// <summary>The first point of a series (or the first since it was evicted): the running total starts at its value.</summary>
    Started,
    /// <summary>Added to the running total.</summary>
    Accumulated,
    /// <summary>Refused: its time is not after the last accepted point of the series (a duplicate or a late point).</summary>
    OutOfOrder,
    /// <summary>Refused: its interval starts before the end of the last accepted one, so it would count some of it twice.</summary>
    Overlapping,
    /// <summary>Refused: the delta is NaN, which would make the running total NaN from then on.</summary>
    NotANumber,
}

/// <summary>
/// Turns OTLP delta points (each the change over its own interval) into the cumulative values Prometheus series hold,
/// by keeping a running total per series. The server keeps one instance for its lifetime and hands it to
/// <see cref="OtlpMetricsDecoder"/>; it is thread-safe.
/// <para>
/// Per series (keyed by the full Prometheus label set, so each <c>_bucket{le}</c>, <c>_sum</c> and <c>_count</c> of a
/// delta histogram has its own total) it keeps the start of the first interval, the end of the last one and the
/// total. A point is added when its time is after the last one and its interval does not reach back into the last
/// (a start of 0, "unknown", is taken as contiguous) and it is a number; otherwise it is refused and the total is
/// unchanged. (Points flagged "no recorded value" never get here: the decoder writes them as staleness markers.)
/// </para>
/// <para>
/// Bounded: past <see cref="MaxSeries"/> series, the least recently updated eighth is forgotten. A forgotten series
/// restarts from its next delta, which reads as a counter reset — the same thing Prometheus's <c>rate()</c> sees when
/// a process restarts — rather than memory growing without bound. The state lives in memory only: after a server
/// restart, delta series restart from zero the same way.
/// </para>
/// </summary>
public sealed class DeltaToCumulative
{
    private readonly Dictionary<Labels, State> _series = [];
    private readonly Lock _gate = new();
    private long _clock;

    /// <summary>A converter that tracks at most <paramref name="maxSeries"/> series (default 100,000, ~100 bytes each plus the labels).</summary>
    public DeltaToCumulative(int maxSeries = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 8, nameof(maxSeries));
        MaxSeries = maxSeries;
    }

    /// <summary>The most series tracked at once.</summary>
    public int MaxSeries { get; }

    /// <summary>The series tracked now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    /// <summary>Series forgotten so far to stay within <see cref="MaxSeries"/>.</summary>
    public long Evictions { get; private set; }

    /// <summary>
    /// Adds the delta <paramref name="value"/> over (<paramref name="startTimeUnixNano"/>, <paramref name="timeUnixNano"/>]
    /// to the running total of <paramref name="series"/>.
    /// </summary>
    /// <param name="series">The Prometheus series the total belongs to.</param>
    /// <param name="startTimeUnixNano">The start of the point's interval; 0 when unknown.</param>
    /// <param name="timeUnixNano">The end of the point's interval.</param>
    /// <param name="value">The change over the interval.</param>
    /// <param name="cumulative">The running total after the point; unchanged total when refused.</param>
    public DeltaOutcome Add(Labels series, ulong startTimeUnixNano, ulong timeUnixNano, double value, out double cumulative)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (double.IsNaN(value))
        {
            lock (_gate)
            {
                cumulative = _series.TryGetValue(series, out var current) ? current.Total : 0;
            }
            return DeltaOutcome.NotANumber;
        }
        lock (_gate)
        {
            if (_series.TryGetValue(series, out var state))
            {
                if (timeUnixNano <= state.LastTime)
                {
                    cumulative = state.Total;
                    return DeltaOutcome.OutOfOrder;
                }
                if (startTimeUnixNano != 0 && startTimeUnixNano < state.LastTime)
                {
                    cumulative = state.Total;
                    return DeltaOutcome.Overlapping;
                }
                state.Total += value;
                state.LastTime = timeUnixNano;
                state.Touched = ++_clock;
                cumulative = state.Total;
                return DeltaOutcome.Accumulated;
            }

            if (_series.Count >= MaxSeries)
            {
                EvictOldest();
            }
            _series[series] = new State { Total = value, LastTime = timeUnixNano, Touched = ++_clock };
            cumulative = value;
            return DeltaOutcome.Started;
        }
    }

    private void EvictOldest()
    {
        // O(n log n) once every MaxSeries/8 new series: amortized to a few comparisons per insert.
        var touched = new long[_series.Count];
        var i = 0;
        foreach (var state in _series.Values)
        {
            touched[i++] = state.Touched;
        }
        Array.Sort(touched);
        var threshold = touched[Math.Max(0, (touched.Length / 8) - 1)];
        var removed = 0;
        foreach (var (key, state) in _series)
        {
            if (state.Touched <= threshold)
            {
                _series.Remove(key);
                removed++;
            }
        }
        Evictions += removed;
    }

    private sealed class State
    {
        public double Total;
        public ulong LastTime;
        public long Touched;
    }
}
