namespace Vigil.Detection.Seasonal;

/// <summary>
/// Remembers how much evidence of anomaly each phase of the period has carried on earlier cycles, so that an
/// event that recurs at the same time every cycle (a nightly backup, an hourly cron spike) stops being reported,
/// while the same event at another time still is. The period is cut into <see cref="Bins"/> coarse phase bins
/// (a quarter of an hour for a daily period) and a point is compared with its bin and both neighbours, which
/// absorbs a few minutes of jitter. Evidence below <c>floor</c> decades is ordinary noise and is not discounted.
/// </summary>
internal sealed class PhaseEcho
{
    public const int Bins = 96;
    private const double DecayPerPoint = 0.97; // a bin forgets by 0.97 per point that falls in it (0.9 before: a daily job with an hour of jitter came back every few days)
    private readonly float[] _echo = new float[Bins];
    private readonly double _floor;

    public PhaseEcho(double floor) => _floor = floor;

    /// <summary>
    /// Returns <paramref name="evidence"/> (−log₁₀ p) less what the same phase carried on earlier cycles above the
    /// floor, and remembers it. With no period (<paramref name="period"/> = 0) the evidence passes unchanged.
    /// </summary>
    public double Discount(long ticks, long period, double evidence)
    {
        if (period <= 0)
        {
            return evidence;
        }
        var bin = (int)(ticks % period * Bins / period);
        var echo = Math.Max(_echo[bin], Math.Max(_echo[(bin + 1) % Bins], _echo[(bin + Bins - 1) % Bins]));
        _echo[bin] = (float)Math.Max(_echo[bin] * DecayPerPoint, evidence);
        return Math.Max(0, evidence - Math.Max(0, echo - _floor));
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
