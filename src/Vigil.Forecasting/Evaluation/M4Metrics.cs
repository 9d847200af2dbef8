namespace Vigil.Forecasting.Evaluation;

/// <summary>The M4 competition's accuracy measures for one series (Makridakis et al., 2020).</summary>
public static class M4Metrics
{
    /// <summary>Symmetric MAPE in percent: mean of 200·|y − f| / (|y| + |f|); a step where both are 0 counts as 0.</summary>
    public static double Smape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var denominator = Math.Abs(actual[i]) + Math.Abs(forecast[i]);
            sum += denominator == 0 ? 0 : 200 * Math.Abs(actual[i] - forecast[i]) / denominator;
        }
        return sum / actual.Length;
    }

    /// <summary>The MASE scale: the in-sample mean absolute seasonal difference at lag <paramref name="period"/> (lag 1 when the series is too short).</summary>
    public static double Scale(ReadOnlySpan<double> insample, int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(period);
        var m = insample.Length > period ? period : 1;
        var sum = 0.0;
        for (var t = m; t < insample.Length; t++)
        {
            sum += Math.Abs(insample[t] - insample[t - m]);
        }
        return sum / (insample.Length - m);
    }

    /// <summary>Mean absolute scaled error: mean |y − f| divided by <see cref="Scale"/>.</summary>
    public static double Mase(ReadOnlySpan<double> insample, ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, int period)
    {
        CheckLengths(actual, forecast);
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(actual[i] - forecast[i]);
        }
        return sum / actual.Length / Scale(insample, period);
    }

    /// <summary>
    /// Mean scaled interval score for a central (1 − <paramref name="alpha"/>) interval:
    /// mean of (U − L) + 2/α·(L − y)·[y &lt; L] + 2/α·(y − U)·[y &gt; U], divided by <see cref="Scale"/>.
    /// </summary>
    public static double Msis(ReadOnlySpan<double> insample, ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int period, double alpha = 0.05)
    {
        CheckLengths(actual, lower);
        CheckLengths(actual, upper);
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += upper[i] - lower[i];
            if (actual[i] < lower[i])
            {
                sum += 2 / alpha * (lower[i] - actual[i]);
            }
            if (actual[i] > upper[i])
            {
                sum += 2 / alpha * (actual[i] - upper[i]);
            }
        }
        return sum / actual.Length / Scale(insample, period);
    }

    /// <summary>How many actual values fall inside [lower, upper].</summary>
    public static int Covered(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        var count = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] >= lower[i] && actual[i] <= upper[i])
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Overall weighted average: the mean of sMAPE and MASE, each relative to Naive2's on the same series set.</summary>
    public static double Owa(double smape, double mase, double naive2Smape, double naive2Mase) =>
        0.5 * ((smape / naive2Smape) + (mase / naive2Mase));

    private static void CheckLengths(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length || a.IsEmpty)
        {
            throw new ArgumentException($"Expected two non-empty spans of equal length, got {a.Length} and {b.Length}.");
        }
    }
}
