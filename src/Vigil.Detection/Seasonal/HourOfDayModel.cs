using Vigil.Detection.Internal;

namespace Vigil.Detection.Seasonal;

/// <summary>
/// Phase context that does not wait for a period to be detected: the expected value at each hour of the day (24
/// exponentially weighted bin means, UTC hours), and the surprise is a run of residuals from it (an exponentially
/// weighted mean over about 16 points), over the residual scale. A value normal for the day but not for the night
/// is a residual at night; a stretch of such values adds up where a single point would not. The period detector
/// needs several clean cycles and restarts the seasonal profile whenever its estimate moves (on NAB's AdExchange
/// and KnownCause files it wanders between 24 h, 48 h, none and spurious 117–197 h periods); this model is always
/// on once every hour has been seen three times.
/// It also keeps each hour's peak: the largest excess over the hour's mean the hour has carried, in residual scales,
/// relaxing by 1 % a day. <see cref="WithinPeak"/> says whether a value above its hour's mean stays within 1.4 times
/// that peak: the nightly job that comes at 03:05 one day and 03:40 the next, or the busy hour of a bursty series,
/// is then something this hour of day has shown before.
/// </summary>
/// <remarks>State: 24 means, 24 counts, 24 half-precision peaks, scale, run and last timestamp: 372 bytes.</remarks>
internal sealed class HourOfDayModel
{
    private const int Bins = 24;
    private const int MinPerBin = 3;
    private const double Smoothing = 0.06; // the run of residuals: about 16 points (NAB: 0.05–0.08 within 0.1 of each other; 0.25 and 1 lose)
    private const double DaysOfMemory = 10; // a bin mean forgets by e over this many days, whatever the sampling interval (30 loses)
    private readonly double[] _profile = new double[Bins];
    private readonly int[] _counts = new int[Bins];
    private double _scale;
    private long _scaleCount;
    private double _run;
    private long _lastTicks;
    private readonly Half[] _peak = new Half[Bins]; // each hour's largest excess over its mean, in residual scales

    private const double PeakSlack = 1.4; // within 1.4 × the hour's peak (NAB, mean of 16 draws: 1.3 / 1.5 / 1.6 → +0.9 / +1.3 / +0.1 standard; 1.6 and above lose an AdExchange window)
    private const double PeakDecayPerDay = 0.99; // the peak relaxes by 1 % per day of points in its hour (0.9: +0.4 standard, 0.97: +0.8, 0.995 loses an AdExchange window)
    private const double PeakCeiling = 60000; // half precision tops out at 65 504

    /// <summary>
    /// Whether the last value, above its hour's mean, stayed within <see cref="PeakSlack"/> times the largest excess
    /// that hour has carried (earlier days, and earlier points of this hour today); false until the hour is ready.
    /// </summary>
    public bool WithinPeak { get; private set; }

    public Surprise Observe(long ticks, double x)
    {
        var dt = _lastTicks == 0 ? TimeSpan.TicksPerHour : Math.Clamp(ticks - _lastTicks, 1, TimeSpan.TicksPerHour);
        _lastTicks = ticks;
        var bin = (int)(ticks / TimeSpan.TicksPerHour % Bins);
        if (_counts[bin] == 0)
        {
            _profile[bin] = x;
            _counts[bin] = 1;
            _run = 0;
            WithinPeak = false;
            return new Surprise(0, x, 0, false);
        }
        var expected = _profile[bin];
        var r = x - expected;
        var ready = _counts[bin] >= MinPerBin && _scaleCount >= 32;
        var scale = Math.Max(_scale * 1.2533, 1e-9 * (1 + Math.Abs(expected)));
        var peak = (double)_peak[bin];
        WithinPeak = ready && r > 0 && peak > 0 && r <= PeakSlack * peak * scale;
        _peak[bin] = (Half)Math.Min(PeakCeiling, Math.Max(peak * Math.Pow(PeakDecayPerDay, (double)dt / TimeSpan.TicksPerHour), ready ? r / scale : 0));
        var clipped = ready ? Math.Clamp(r, -3 * scale, 3 * scale) : r;
        _run += Smoothing * (r - _run);
        var z = ready ? Math.Abs(_run) / scale : 0;
        _counts[bin] = Math.Min(_counts[bin] + 1, 1 << 20);
        var alpha = Math.Max(1.0 / _counts[bin], (double)dt / TimeSpan.TicksPerHour / DaysOfMemory);
        _profile[bin] += alpha * clipped;
        _scaleCount++;
        _scale += Math.Max(1.0 / _scaleCount, 0.01) * (Math.Min(Math.Abs(r), ready ? 5 * scale : double.MaxValue) - _scale);
        return new Surprise(z, expected, scale, ready);
    }

    public void Write(BinaryWriter writer)
    {
        StateIO.WriteArray(writer, _profile);
        foreach (var c in _counts)
        {
            writer.Write(c);
        }
        writer.Write(_scale);
        writer.Write(_scaleCount);
        writer.Write(_run);
        writer.Write(_lastTicks);
        foreach (var p in _peak)
        {
            writer.Write(p);
        }
    }

    public void Read(BinaryReader reader)
    {
        StateIO.ReadArray(reader, _profile);
        for (var i = 0; i < Bins; i++)
        {
            _counts[i] = reader.ReadInt32();
            if (_counts[i] < 0)
            {
                throw new InvalidDataException("Hour-of-day state out of range.");
            }
        }
        _scale = reader.ReadDouble();
        _scaleCount = reader.ReadInt64();
        _run = reader.ReadDouble();
        _lastTicks = reader.ReadInt64();
        for (var i = 0; i < Bins; i++)
        {
            _peak[i] = reader.ReadHalf();
            if (!(_peak[i] >= Half.Zero))
            {
                throw new InvalidDataException("Hour-of-day peak out of range.");
            }
        }
    }

    public const int StateBytes = (Bins * 8) + 4 + (Bins * 4) + (Bins * 2) + 32;
}
