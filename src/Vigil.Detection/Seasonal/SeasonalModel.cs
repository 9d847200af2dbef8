using Vigil.Detection.Internal;

namespace Vigil.Detection.Seasonal;

/// <summary>
/// A seasonal profile: once <see cref="PeriodDetector"/> has found a period, the period is cut into at most
/// <see cref="MaxBins"/> phase bins (timestamps map to bins by time, so irregular sampling is fine), each holding an
/// exponentially weighted mean seeded from the detector's bucket history. The surprise is the residual from the
/// bin mean over the residual scale.
/// </summary>
/// <remarks>
/// The bin means are kept in single precision as offsets from a reference level (double precision, the mean of the
/// seeded bins): offsets are of the order of the seasonal amplitude, so single precision loses nothing a residual
/// scale could see, and the 288 bins take 1.1 KB instead of 2.3 KB (paying for <see cref="Robust.HourlyLevelModel"/>).
/// </remarks>
internal sealed class SeasonalModel
{
    public const int MaxBins = 288;
    private const double BinAlpha = 0.2;

    private readonly PeriodDetector _period = new();
    private readonly float[] _profile = new float[MaxBins];
    private double _reference;
    private int _bins;
    private long _binWidth;
    private double _scale;
    private long _scaleCount;

    public long Period => _period.Period;

    /// <summary>The series' typical sampling interval in ticks, 0 until known.</summary>
    public long Interval => _period.Interval;

    public Surprise Observe(long ticks, double x)
    {
        if (_period.Observe(ticks, x))
        {
            Reset();
        }
        if (_bins == 0)
        {
            return new Surprise(0, x, 0, false);
        }
        var bin = (int)(ticks % _period.Period / _binWidth);
        var expected = _reference + _profile[bin];
        var r = x - expected;
        // mean |r| → σ for a Gaussian; never below what the single-precision bin offsets can resolve (a noise-free
        // series would otherwise see its own rounding as news)
        var scale = Math.Max(_scale * 1.2533, Math.Max(1e-9 * (1 + Math.Abs(expected)), 1e-6 * Math.Abs(_profile[bin])));
        var z = Math.Abs(r) / scale;
        var ready = _scaleCount >= 32;
        var clipped = _scaleCount < 32 ? r : Math.Clamp(r, -3 * scale, 3 * scale);
        _profile[bin] += (float)(BinAlpha * clipped);
        _scaleCount++;
        _scale += Math.Max(1.0 / _scaleCount, 0.01) * (Math.Min(Math.Abs(r), ready ? 5 * scale : double.MaxValue) - _scale);
        return new Surprise(z, expected, scale, ready);
    }

    private void Reset()
    {
        var period = _period.Period;
        _bins = 0;
        _scale = 0;
        _scaleCount = 0;
        if (period == 0)
        {
            return;
        }
        _binWidth = Math.Max(_period.Interval, (period + MaxBins - 1) / MaxBins);
        _bins = (int)Math.Min(MaxBins, (period + _binWidth - 1) / _binWidth);
        // Seed each bin with the mean of the buckets at the same phase over the cycles still held.
        Span<double> seeded = stackalloc double[MaxBins];
        var current = _period.CurrentBucketStart;
        for (var b = 0; b < _bins; b++)
        {
            var sum = 0.0;
            var n = 0;
            var phaseStart = current - (current % period) + (b * _binWidth);
            for (var cycle = phaseStart; cycle > current - (PeriodDetector.Buckets * _period.BucketWidth); cycle -= period)
            {
                var bucket = cycle - (cycle % _period.BucketWidth);
                var m = _period.BucketMean(bucket);
                if (!double.IsNaN(m))
                {
                    sum += m;
                    n++;
                }
            }
            seeded[b] = n > 0 ? sum / n : double.NaN;
        }
        // Bins no bucket covered take their neighbour's value.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var b = 0; b < _bins; b++)
            {
                if (double.IsNaN(seeded[b]))
                {
                    seeded[b] = seeded[(b + _bins - 1) % _bins];
                }
            }
        }
        var total = 0.0;
        var known = 0;
        for (var b = 0; b < _bins; b++)
        {
            if (!double.IsNaN(seeded[b]))
            {
                total += seeded[b];
                known++;
            }
        }
        _reference = known > 0 ? total / known : 0; // bins no bucket covered start there (before: at 0)
        for (var b = 0; b < _bins; b++)
        {
            _profile[b] = double.IsNaN(seeded[b]) ? 0 : (float)(seeded[b] - _reference);
        }
    }

    public void Write(BinaryWriter writer)
    {
        _period.Write(writer);
        StateIO.WriteArray<float>(writer, _profile);
        writer.Write(_reference);
        writer.Write(_bins);
        writer.Write(_binWidth);
        writer.Write(_scale);
        writer.Write(_scaleCount);
    }

    public void Read(BinaryReader reader)
    {
        _period.Read(reader);
        StateIO.ReadArray<float>(reader, _profile);
        _reference = reader.ReadDouble();
        _bins = reader.ReadInt32();
        _binWidth = reader.ReadInt64();
        _scale = reader.ReadDouble();
        _scaleCount = reader.ReadInt64();
        if (_bins is < 0 or > MaxBins)
        {
            throw new InvalidDataException("Seasonal state out of range.");
        }
    }

    public const int StateBytes = PeriodDetector.StateBytes + (MaxBins * 4) + 40;
}
