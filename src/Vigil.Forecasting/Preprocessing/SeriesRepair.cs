namespace Vigil.Forecasting.Preprocessing;

/// <summary>What <see cref="SeriesRepair.Repair"/> changed in a series.</summary>
/// <param name="LeadingMissingDropped">Missing values (NaN) before the first observation, dropped.</param>
/// <param name="MissingFilled">Missing values filled by interpolation (or carried forward at the end).</param>
/// <param name="CounterResets">Drops of a monotone counter undone by adding the value before the drop.</param>
public readonly record struct RepairReport(int LeadingMissingDropped, int MissingFilled, int CounterResets);

/// <summary>
/// Makes a raw metric series forecastable: drops leading gaps, fills interior gaps linearly (trailing gaps carry
/// the last value forward) and, for monotone counters, undoes resets so the series is the cumulative count.
/// Outliers and level shifts are handled later, on the seasonally adjusted series (see <see cref="OutlierClipper"/>
/// and <see cref="LevelShift"/>), where a daily peak is no longer mistaken for an outlier.
/// </summary>
public static class SeriesRepair
{
    /// <summary>A series counts as a counter when at least this share of its steps do not decrease…</summary>
    private const double CounterMonotoneShare = 0.98;

    /// <summary>…and a drop is a reset when it falls below this share of the value before it.</summary>
    private const double ResetFraction = 0.5;

    /// <summary>Returns the repaired copy of <paramref name="values"/> (NaN marks a missing value) and what was changed.</summary>
    public static double[] Repair(ReadOnlySpan<double> values, out RepairReport report)
    {
        var start = 0;
        while (start < values.Length && !double.IsFinite(values[start]))
        {
            start++;
        }
        var y = values[start..].ToArray();
        var filled = FillGaps(y);
        var resets = UndoCounterResets(y);
        report = new RepairReport(start, filled, resets);
        return y;
    }

    private static int FillGaps(double[] y)
    {
        var filled = 0;
        var last = -1;
        for (var t = 0; t < y.Length; t++)
        {
            if (double.IsFinite(y[t]))
            {
                if (last >= 0 && t - last > 1)
                {
                    var step = (y[t] - y[last]) / (t - last);
                    for (var j = last + 1; j < t; j++)
                    {
                        y[j] = y[last] + (step * (j - last));
                        filled++;
                    }
                }
                last = t;
            }
        }
        for (var t = last + 1; t < y.Length && last >= 0; t++)
        {
            y[t] = y[last];
            filled++;
        }
        return filled;
    }

    private static int UndoCounterResets(double[] y)
    {
        if (y.Length < 3)
        {
            return 0;
        }
        var nonDecreasing = 0;
        var drops = 0;
        for (var t = 1; t < y.Length; t++)
        {
            if (y[t] >= y[t - 1])
            {
                nonDecreasing++;
            }
            else if (y[t] >= 0 && y[t] < ResetFraction * y[t - 1])
            {
                drops++;
            }
        }
        var steps = y.Length - 1;
        if (drops == 0 || nonDecreasing + drops < steps || nonDecreasing < CounterMonotoneShare * steps)
        {
            return 0;
        }
        var offset = 0.0;
        var previousRaw = y[0];
        for (var t = 1; t < y.Length; t++)
        {
            var raw = y[t];
            if (raw < previousRaw)
            {
                offset += previousRaw;
            }
            previousRaw = raw;
            y[t] = raw + offset;
        }
        return drops;
    }
}
