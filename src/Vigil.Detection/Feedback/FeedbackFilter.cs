namespace Vigil.Detection.Feedback;

/// <summary>
/// What people said about one series' anomalies, applied to the next ones. An anomaly is measured by its deviation:
/// how far the value lies from the expected one, in half-widths of the detector's band on that side (signed: up is
/// positive). Calibrated scores saturate, deviations do not, so "the like of it" is the same direction and at most
/// the same deviation:
/// <list type="bullet">
/// <item>a false positive at deviation d quiets later anomalies in the same direction up to 50% beyond d (the band a detector learns narrows as it sees more, so the same spike later measures a little farther out), while a
/// larger one still alerts; the quiet level fades with a half-life (what was noise last month may not be now);</item>
/// <item>a confirmation at deviation d means anomalies that far out in that direction always alert: no false positive,
/// earlier or later, quiets them (when people disagree, the series keeps alerting).</item>
/// </list>
/// Time comes in with each call (the series' own timestamps); nothing reads a clock.
/// </summary>
public sealed class FeedbackFilter
{
    /// <summary>How far beyond a false positive's deviation the quiet level reaches, as a factor.</summary>
    public const double Reach = 1.5;

    private readonly TimeSpan _halfLife;
    private Side _up = Side.Empty;
    private Side _down = Side.Empty;

    /// <summary>A filter whose false-positive quiet level fades by half every <paramref name="halfLife"/>.</summary>
    public FeedbackFilter(TimeSpan halfLife)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        _halfLife = halfLife;
    }

    /// <summary>The deviation of <paramref name="value"/> from a detector's result: signed, in band half-widths.</summary>
    public static double Deviation(double value, DetectionResult result)
    {
        var halfWidth = value >= result.Expected ? result.Upper - result.Expected : result.Expected - result.Lower;
        var floor = Math.Max(Math.Abs(result.Expected) * 1e-6, 1e-12);
        return (value - result.Expected) / Math.Max(halfWidth, floor);
    }

    /// <summary>A person said the anomaly at <paramref name="deviation"/> was not a problem, at <paramref name="at"/>.</summary>
    public void MarkFalsePositive(double deviation, DateTime at)
    {
        CheckDeviation(deviation);
        var level = Math.Abs(deviation) * Reach;
        if (deviation >= 0)
        {
            _up = _up with { Level = Math.Max(Quiet(_up, at), level), SetAt = at };
        }
        else
        {
            _down = _down with { Level = Math.Max(Quiet(_down, at), level), SetAt = at };
        }
    }

    /// <summary>A person confirmed the anomaly at <paramref name="deviation"/> as a real problem.</summary>
    public void Confirm(double deviation)
    {
        CheckDeviation(deviation);
        if (deviation >= 0)
        {
            _up = _up with { Confirmed = Math.Min(_up.Confirmed, deviation) };
        }
        else
        {
            _down = _down with { Confirmed = Math.Min(_down.Confirmed, -deviation) };
        }
    }

    /// <summary>Whether an anomaly at <paramref name="deviation"/>, at <paramref name="at"/>, is one people said to keep quiet.</summary>
    public bool Quiets(double deviation, DateTime at)
    {
        if (!double.IsFinite(deviation))
        {
            return false;
        }
        var side = deviation >= 0 ? _up : _down;
        var size = Math.Abs(deviation);
        return size < side.Confirmed && size <= Quiet(side, at);
    }

    /// <summary>The quiet level upwards and downwards at <paramref name="at"/> (0 when none), for display.</summary>
    public (double Up, double Down) QuietLevels(DateTime at) => (Quiet(_up, at), Quiet(_down, at));

    private double Quiet(Side side, DateTime at)
    {
        if (side.Level <= 0)
        {
            return 0;
        }
        var elapsed = at - side.SetAt;
        return elapsed <= TimeSpan.Zero ? side.Level : side.Level * Math.Pow(0.5, elapsed / _halfLife);
    }

    private static void CheckDeviation(double deviation)
    {
        if (!double.IsFinite(deviation))
        {
            throw new ArgumentOutOfRangeException(nameof(deviation), deviation, "a deviation is a finite number");
        }
    }

    private readonly record struct Side(double Level, DateTime SetAt, double Confirmed)
    {
        public static Side Empty => new(0, default, double.PositiveInfinity);
    }
}
