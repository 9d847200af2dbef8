namespace Vigil.Forecasting.Preprocessing;

/// <summary>What <see cref="SeriesRepair.Repair"/> changed in a series.</summary>
/// <param name="LeadingMissingDropped">Missing values (NaN) before the first observation, dropped.</param>
/// <param name="MissingFilled">Missing values filled by interpolation (or carried forward at the end).</param>
/// <param name="CounterResets">Drops of a counter undone by adding the value before the drop.</param>
public readonly record struct RepairReport(int LeadingMissingDropped, int MissingFilled, int CounterResets);

/// <summary>
/// Makes a raw metric series forecastable: drops leading gaps, fills interior gaps linearly (trailing gaps carry
/// the last value forward) and, for counters, undoes resets (every drop, as Prometheus' <c>increase()</c> reads
/// them) so the series is the running total. Outliers and level shifts are handled later, on the seasonally
/// adjusted series (see <see cref="OutlierClipper"/> and <see cref="LevelShift"/>), where a daily peak is no longer
/// mistaken for an outlier.
/// </summary>
public static class SeriesRepair
{
    /// <summary>Returns the repaired copy of <paramref name="values"/> (NaN marks a missing value) and what was changed.</summary>
    public static double[] Repair(ReadOnlySpan<double> values, SeriesKind kind, out RepairReport report)
    {
        var start = 0;
        while (start < values.Length && !double.IsFinite(values[start]))
        {
            start++;
        }
        var y = values[start..].ToArray();
        var filled = FillGaps(y);
        var resets = kind == SeriesKind.Counter ? UndoCounterResets(y) : 0;
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

    /// <summary>After a drop the counter restarted from zero: add the value it had reached to everything after.</summary>
    private static int UndoCounterResets(double[] y)
    {
        var resets = 0;
        var offset = 0.0;
        var previousRaw = y.Length > 0 ? y[0] : 0;
        for (var t = 1; t < y.Length; t++)
        {
            var raw = y[t];
            if (raw < previousRaw)
            {
                offset += previousRaw;
                resets++;
            }
            previousRaw = raw;
            y[t] = raw + offset;
        }
        return resets;
    }
}
