namespace Vigil.Detection.Seasonal;

/// <summary>
/// Remembers how much evidence of anomaly each phase of the period has carried on earlier cycles, so that an
/// event that recurs at the same time every cycle (a nightly backup, an hourly cron spike) stops being reported,
/// while the same event at another time still is. The period is cut into <see cref="Bins"/> coarse phase bins
/// (a quarter of an hour for a daily period) and a point is compared with its bin and both neighbours, which
/// absorbs a few minutes of jitter; a wide echo also looks two bins away, at half a decade less (a daily job whose
/// start drifts by half an hour). Evidence below <c>floor</c> decades is ordinary noise and is not discounted.
/// A bin forgets by <see cref="DecayPerPoint"/> per point that falls in it, which on a 5-minute series with a daily
/// period (three points per bin a day) is <see cref="DecayPerDay"/> a day; on finer sampling the per-point factor is
/// raised so that a bin still forgets by that much a day, not faster (a bin of a 15-second series sees 60 points a
/// day: at 0.97 each it forgot a daily job within the day).
/// </summary>
internal sealed class PhaseEcho
{
    public const int Bins = 96;
    private const double DecayPerPoint = 0.97; // a bin forgets by 0.97 per point that falls in it (0.9 before: a daily job with an hour of jitter came back every few days)
    private const double DecayPerDay = 0.97 * 0.97 * 0.97; // the same at 5 minutes and a daily period
    private readonly float[] _echo = new float[Bins];
    private readonly double _floor;

    private long _decayPeriod;
    private long _decayInterval;
    private double _decay = DecayPerPoint;

    private const float OuterPenalty = 0.5f; // decades less from the bins two away (NAB: 0.25–1 level, 0 loses 1 point)
    private readonly bool _wide;

    /// <param name="floor">Evidence (decades) below which nothing is discounted.</param>
    /// <param name="wide">Whether the bins two away count too, at <see cref="OuterPenalty"/> less.</param>
    public PhaseEcho(double floor, bool wide = false)
    {
        _floor = floor;
        _wide = wide;
    }

    /// <summary>
    /// Returns <paramref name="evidence"/> (−log₁₀ p) less what the same phase carried on earlier cycles above the
    /// floor, and remembers it. With no period (<paramref name="period"/> = 0) the evidence passes unchanged.
    /// <paramref name="interval"/> is the series' sampling interval in ticks (0 while unknown).
    /// </summary>
    public double Discount(long ticks, long period, long interval, double evidence)
    {
        if (period <= 0)
        {
            return evidence;
        }
        var bin = (int)(ticks % period * Bins / period);
        var echo = Math.Max(_echo[bin], Math.Max(_echo[(bin + 1) % Bins], _echo[(bin + Bins - 1) % Bins]));
        if (_wide)
        {
            echo = Math.Max(echo, Math.Max(_echo[(bin + 2) % Bins], _echo[(bin + Bins - 2) % Bins]) - OuterPenalty);
        }
        _echo[bin] = (float)Math.Max(_echo[bin] * Decay(period, interval), evidence);
        return Math.Max(0, evidence - Math.Max(0, echo - _floor));
    }

    private double Decay(long period, long interval)
    {
        if (interval <= 0)
        {
            return DecayPerPoint;
        }
        if (period != _decayPeriod || interval != _decayInterval)
        {
            // A bin sees a point every interval for period / Bins of each cycle: min(period, interval × Bins) is the
            // time one point in a bin stands for. Derived from the arguments, not state.
            _decayPeriod = period;
            _decayInterval = interval;
            var share = Math.Min((double)period, (double)interval * Bins) / TimeSpan.TicksPerDay;
            _decay = Math.Max(DecayPerPoint, Math.Pow(DecayPerDay, share));
        }
        return _decay;
    }

    public void Write(BinaryWriter writer)
    {
        foreach (var e in _echo)
        {
            writer.Write(e);
        }
    }

    public void Read(BinaryReader reader)
    {
        for (var i = 0; i < Bins; i++)
        {
            _echo[i] = reader.ReadSingle();
        }
    }

    public const int StateBytes = Bins * 4;
}
