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
/// </summary>
/// <remarks>State: 24 means, 24 counts, scale, run and last timestamp: 324 bytes.</remarks>
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
            return new Surprise(0, x, 0, false);
        }
        var expected = _profile[bin];
        var r = x - expected;
        var ready = _counts[bin] >= MinPerBin && _scaleCount >= 32;
        var scale = Math.Max(_scale * 1.2533, 1e-9 * (1 + Math.Abs(expected)));
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
    }

    public const int StateBytes = (Bins * 8) + 4 + (Bins * 4) + 32;
}
