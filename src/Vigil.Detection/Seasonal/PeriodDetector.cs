using System.Numerics;
using Vigil.Detection.Internal;

namespace Vigil.Detection.Seasonal;

/// <summary>
/// Finds a series' period online, whatever its sampling interval and even with irregular timestamps: points are
/// averaged into fixed-width time buckets (the sampling interval, at least one hour), and every so often the
/// autocorrelation of the bucket means picks the shortest lag whose local peak is nearly as strong as the strongest
/// (multiples of a period correlate as well as the period). A period in use is kept while it still correlates,
/// because every change restarts the seasonal profile. Periods within one bucket or 4 % of a day or a week snap
/// to exactly a day or a week.
/// </summary>
internal sealed class PeriodDetector
{
    public const int Buckets = 400;
    private const double MinCorrelation = 0.35;
    private const double KeepCorrelation = 0.25;
    private const double Fundamental = 0.85;
    private const double Prominence = 0.3;
    private static readonly long Hour = TimeSpan.TicksPerHour;

    private readonly double[] _ring = new double[Buckets];
    private readonly long[] _firstTicks = new long[16];
    private int _firstCount;
    private long _bucketWidth;
    private long _bucketStart;
    private double _sum;
    private int _sumCount;
    private int _count;
    private int _head;
    private int _sinceCheck;

    /// <summary>The detected period in ticks, 0 while none.</summary>
    public long Period { get; private set; }

    /// <summary>The typical sampling interval in ticks, 0 until known.</summary>
    public long Interval { get; private set; }

    public long BucketWidth => _bucketWidth;

    /// <summary>Adds a point; returns true when <see cref="Period"/> changed.</summary>
    public bool Observe(long ticks, double value)
    {
        if (_bucketWidth == 0)
        {
            return LearnInterval(ticks, value);
        }
        var changed = false;
        while (ticks >= _bucketStart + _bucketWidth)
        {
            changed |= CloseBucket();
        }
        _sum += value;
        _sumCount++;
        return changed;
    }

    /// <summary>Mean of the bucket that started at <paramref name="start"/>, or NaN when it is no longer held.</summary>
    public double BucketMean(long start)
    {
        var back = (int)((_bucketStart - start) / _bucketWidth); // 1 = the last closed bucket
        if (back < 1 || back > _count)
        {
            return double.NaN;
        }
        var i = _head - back;
        return _ring[i < 0 ? i + Buckets : i];
    }

    /// <summary>Start of the bucket being filled.</summary>
    public long CurrentBucketStart => _bucketStart;

    private bool LearnInterval(long ticks, double value)
    {
        _firstTicks[_firstCount++] = ticks;
        if (_firstCount < _firstTicks.Length)
        {
            return false;
        }
        Span<long> gaps = stackalloc long[_firstTicks.Length - 1];
        for (var i = 1; i < _firstTicks.Length; i++)
        {
            gaps[i - 1] = _firstTicks[i] - _firstTicks[i - 1];
        }
        gaps.Sort();
        Interval = Math.Max(1, gaps[gaps.Length / 2]);
        _bucketWidth = Math.Max(Interval, Hour);
        _bucketStart = ticks - (ticks % _bucketWidth);
        _sum = value;
        _sumCount = 1;
        return false;
    }

    private bool CloseBucket()
    {
        var mean = _sumCount > 0 ? _sum / _sumCount : (_count > 0 ? _ring[_head == 0 ? Buckets - 1 : _head - 1] : double.NaN);
        _sum = 0;
        _sumCount = 0;
        _bucketStart += _bucketWidth;
        if (double.IsNaN(mean))
        {
            return false;
        }
        _ring[_head] = mean;
        _head = _head + 1 == Buckets ? 0 : _head + 1;
        _count = Math.Min(_count + 1, Buckets);
        if (++_sinceCheck < (Period == 0 ? 24 : 48) || _count < 48)
        {
            return false;
        }
        _sinceCheck = 0;
        var period = Detect();
        if (period == Period)
        {
            return false;
        }
        Period = period;
        return true;
    }

    private long Detect()
    {
        var n = _count;
        Span<double> y = n <= 512 ? stackalloc double[n] : new double[n];
        var start = _head - n;
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            var j = start + i;
            y[i] = _ring[j < 0 ? j + Buckets : j];
            mean += y[i];
        }
        mean /= n;
        var energy = 0.0;
        for (var i = 0; i < n; i++)
        {
            y[i] -= mean;
            energy += y[i] * y[i];
        }
        if (energy <= 1e-12)
        {
            return 0;
        }
        var maxLag = n / 2;
        Span<double> r = maxLag + 1 <= 512 ? stackalloc double[maxLag + 1] : new double[maxLag + 1];
        for (var lag = 1; lag <= maxLag; lag++)
        {
            r[lag] = Correlation(y, lag, energy);
        }
        // A peak counts when it rises clearly above the lowest correlation at a shorter lag; otherwise the slow
        // decay of a smooth series (r(1) ≈ r(2) ≈ 1, plus noise) would pass for a period of two buckets.
        Span<bool> peak = maxLag + 1 <= 512 ? stackalloc bool[maxLag + 1] : new bool[maxLag + 1];
        var trough = r[1];
        var best = 0.0;
        for (var lag = 2; lag < maxLag; lag++)
        {
            trough = Math.Min(trough, r[lag]);
            peak[lag] = r[lag] > r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] - trough >= Prominence;
            if (peak[lag])
            {
                best = Math.Max(best, r[lag]);
            }
        }
        if (best < MinCorrelation)
        {
            // Hysteresis: a period already in use survives a weak stretch as long as it still correlates.
            var current = (int)(Period / _bucketWidth);
            return Period != 0 && current < maxLag && r[current] >= KeepCorrelation ? Period : 0;
        }
        // Whole multiples of the period correlate as well as the period itself: keep the period in use while it
        // is nearly as good as the best, else take the shortest lag that is (the fundamental).
        var inUse = (int)(Period / _bucketWidth);
        if (Period != 0 && inUse < maxLag && r[inUse] >= Fundamental * best)
        {
            return Period;
        }
        var bestLag = 0;
        for (var lag = 2; lag < maxLag && bestLag == 0; lag++)
        {
            if (peak[lag] && r[lag] >= Fundamental * best)
            {
                bestLag = lag;
            }
        }
        var period = bestLag * _bucketWidth;
        foreach (var snap in (ReadOnlySpan<long>)[TimeSpan.TicksPerDay, 7 * TimeSpan.TicksPerDay])
        {
            if (Math.Abs(period - snap) <= Math.Max(_bucketWidth, snap / 25))
            {
                return snap;
            }
        }
        return period;
    }

    private static double Correlation(ReadOnlySpan<double> y, int lag, double energy)
    {
        // Vectorised dot product of y[lag..] and y[..^lag]: the autocorrelation scan is most of this class's cost.
        var a = y[lag..];
        var b = y[..^lag];
        var acc = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            acc += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        }
        var s = Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        // Scale by n/(n−lag) so long lags are not penalised for having fewer pairs.
        return s / energy * y.Length / (y.Length - lag);
    }

    public void Write(BinaryWriter writer)
    {
        StateIO.WriteArray(writer, _ring);
        writer.Write(_firstCount);
        foreach (var t in _firstTicks)
        {
            writer.Write(t);
        }
        writer.Write(_bucketWidth);
        writer.Write(_bucketStart);
        writer.Write(_sum);
        writer.Write(_sumCount);
        writer.Write(_count);
        writer.Write(_head);
        writer.Write(_sinceCheck);
        writer.Write(Period);
        writer.Write(Interval);
    }

    public void Read(BinaryReader reader)
    {
        StateIO.ReadArray(reader, _ring);
        _firstCount = reader.ReadInt32();
        for (var i = 0; i < _firstTicks.Length; i++)
        {
            _firstTicks[i] = reader.ReadInt64();
        }
        _bucketWidth = reader.ReadInt64();
        _bucketStart = reader.ReadInt64();
        _sum = reader.ReadDouble();
        _sumCount = reader.ReadInt32();
        _count = reader.ReadInt32();
        _head = reader.ReadInt32();
        _sinceCheck = reader.ReadInt32();
        Period = reader.ReadInt64();
        Interval = reader.ReadInt64();
        if (_count is < 0 or > Buckets || _head is < 0 or >= Buckets || _firstCount is < 0 or > 16)
        {
            throw new InvalidDataException("Period detector state out of range.");
        }
    }

    public const int StateBytes = (Buckets * 8) + (16 * 8) + 64;
}
