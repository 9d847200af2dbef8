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
/// An echo of earlier cycles only (the daily echo) keeps this cycle's evidence per bin apart until the next cycle, so
/// that what happened at this time today, minutes ago, is not taken for a recurrence (at 15-second sampling a bin
/// spans 60 points: one strong point would otherwise discount the next quarter of an hour).
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

    private readonly Half[]? _thisCycle; // this cycle's largest evidence per bin, not yet part of _echo
    private readonly byte[]? _cycleTag; // the cycle (mod 256) _thisCycle's value belongs to

    /// <param name="floor">Evidence (decades) below which nothing is discounted.</param>
    /// <param name="wide">Whether the bins two away count too, at <see cref="OuterPenalty"/> less.</param>
    /// <param name="earlierCyclesOnly">Whether only earlier cycles count (+288 bytes of state), not earlier points of this one.</param>
    public PhaseEcho(double floor, bool wide = false, bool earlierCyclesOnly = false)
    {
        _floor = floor;
        _wide = wide;
        if (earlierCyclesOnly)
        {
            _thisCycle = new Half[Bins];
            _cycleTag = new byte[Bins];
        }
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
        var cycle = (byte)(ticks / period);
        if (_thisCycle is not null && _cycleTag![bin] != cycle)
        {
            // A new cycle in this bin: what the last one carried becomes the past.
            _echo[bin] = Math.Max(_echo[bin], (float)_thisCycle[bin]);
            _thisCycle[bin] = Half.Zero;
            _cycleTag[bin] = cycle;
        }
        var echo = Math.Max(Past(bin, cycle), Math.Max(Past((bin + 1) % Bins, cycle), Past((bin + Bins - 1) % Bins, cycle)));
        if (_wide)
        {
            echo = Math.Max(echo, Math.Max(Past((bin + 2) % Bins, cycle), Past((bin + Bins - 2) % Bins, cycle)) - OuterPenalty);
        }
        var decayed = _echo[bin] * Decay(period, interval);
        if (_thisCycle is null)
        {
            _echo[bin] = (float)Math.Max(decayed, evidence);
        }
        else
        {
            _echo[bin] = (float)decayed;
            _thisCycle[bin] = (Half)Math.Max((double)_thisCycle[bin], evidence);
        }
        return Math.Max(0, evidence - Math.Max(0, echo - _floor));
    }

    /// <summary>What bin <paramref name="b"/> carried on cycles before <paramref name="cycle"/>.</summary>
    private float Past(int b, byte cycle) =>
        _thisCycle is null || _cycleTag![b] == cycle ? _echo[b] : Math.Max(_echo[b], (float)_thisCycle[b]);

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
        if (_thisCycle is not null)
        {
            foreach (var e in _thisCycle)
            {
                writer.Write(e);
            }
            writer.Write(_cycleTag!);
        }
    }

    public void Read(BinaryReader reader)
    {
        for (var i = 0; i < Bins; i++)
        {
            _echo[i] = reader.ReadSingle();
        }
        if (_thisCycle is not null)
        {
            for (var i = 0; i < Bins; i++)
            {
                _thisCycle[i] = reader.ReadHalf();
            }
            if (reader.Read(_cycleTag!, 0, Bins) != Bins)
            {
                throw new EndOfStreamException("Phase echo state truncated.");
            }
        }
    }

    /// <summary>Bytes of state: 384, or 672 for an echo of earlier cycles only.</summary>
    public int StateBytes => (Bins * 4) + (_thisCycle is null ? 0 : Bins * 3);
}
