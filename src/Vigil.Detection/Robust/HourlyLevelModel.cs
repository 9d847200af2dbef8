using Vigil.Detection.Internal;

namespace Vigil.Detection.Robust;

/// <summary>
/// The series' level over the last few hours against its own levels of the last days: a collective anomaly at a
/// coarser time scale. Each UTC clock hour's mean is taken over the points clipped to the robust median ± 3 robust
/// scales (one spike does not make a busy hour); the level is the median of the last <see cref="Hours"/> hourly
/// means (the mean of the middle two, so one odd hour does not make a level either); the surprise is the level's
/// distance from the median of the last <see cref="History"/> levels, in units of their inter-quartile range. It is
/// judged once an hour, at the first point of the next hour, once <see cref="MinHistory"/> levels are held.
/// </summary>
/// <remarks>
/// What it sees that the point models do not: a run of points each unremarkable alone, e.g. an idle series whose
/// bursts become dense for hours (on NAB: `ec2_cpu_utilization_77c1ca`, `rogue_agent_key_updown`). On a series whose
/// levels have been flat for days (an idle series: more than half of the held levels equal) the range is 0 and any
/// move of the level is news; the scale then has a floor of 10⁻⁶ of the level, a few single-precision steps, which
/// the levels are kept in. State: the hour's sum and count, four hourly means and 96 levels (ring and sorted, single
/// precision): 848 bytes.
/// </remarks>
internal sealed class HourlyLevelModel
{
    public const int Hours = 4;
    public const int History = 96; // 4 days of levels (NAB: 96–256 within 0.05 standard; 64 loses 1.5)
    public const int MinHistory = 32; // judged after 32 hours of levels (NAB: 32–96 within 0.3; 16–24 lose the idle series' windows)
    private const double Clip = 3; // robust scales (NAB: 2–5 level; no clipping −0.35)
    private readonly double[] _means = new double[Hours];
    private readonly SortedWindow<float> _levels = new(History);
    private long _hour = long.MinValue;
    private double _sum;
    private int _count;
    private long _hoursSeen;

    /// <summary>
    /// Takes the point and the robust model's median and scale; returns the surprise of the level of the last hours,
    /// <see cref="Surprise.Ready"/> only at the first point of a new hour once enough levels are held.
    /// </summary>
    public Surprise Observe(long ticks, double x, double centre, double scale)
    {
        var hour = ticks / TimeSpan.TicksPerHour;
        var result = default(Surprise);
        if (hour != _hour && _count > 0)
        {
            result = CloseHour();
        }
        _hour = hour;
        _sum += Math.Clamp(x, centre - (Clip * scale), centre + (Clip * scale));
        _count++;
        return result;
    }

    private Surprise CloseHour()
    {
        _means[(int)(_hoursSeen % Hours)] = _sum / _count;
        _hoursSeen++;
        _sum = 0;
        _count = 0;
        if (_hoursSeen < Hours)
        {
            return default;
        }
        Span<double> sorted = stackalloc double[Hours];
        _means.CopyTo(sorted);
        sorted.Sort();
        var level = (sorted[1] + sorted[2]) / 2;
        var result = default(Surprise);
        if (_levels.Count >= MinHistory)
        {
            var median = _levels.Median;
            var iqrScale = (_levels.Quantile(0.75) - _levels.Quantile(0.25)) / 1.349;
            var s = Math.Max(iqrScale, 1e-6 * (1 + Math.Abs(median)));
            result = new Surprise(Math.Abs(level - median) / s, median, s, true);
        }
        _levels.Add(level);
        return result;
    }

    public void Write(BinaryWriter writer)
    {
        StateIO.WriteArray(writer, _means);
        _levels.Write(writer);
        writer.Write(_hour);
        writer.Write(_sum);
        writer.Write(_count);
        writer.Write(_hoursSeen);
    }

    public void Read(BinaryReader reader)
    {
        StateIO.ReadArray(reader, _means);
        _levels.Read(reader);
        _hour = reader.ReadInt64();
        _sum = reader.ReadDouble();
        _count = reader.ReadInt32();
        _hoursSeen = reader.ReadInt64();
        if (_count < 0 || _hoursSeen < 0)
        {
            throw new InvalidDataException("Hourly level state out of range.");
        }
    }

    /// <summary>Bytes <see cref="Write"/> writes (the window's two array lengths are not in its own count).</summary>
    public int StateBytes => 4 + (Hours * 8) + _levels.StateBytes + 8 + 28;
}
