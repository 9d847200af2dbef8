using System.Buffers;

namespace Vigil.Forecasting;

/// <summary>Robust location and scale estimates.</summary>
internal static class Robust
{
    /// <summary>Up to this many values, scratch space is taken from the stack instead of the array pool.</summary>
    private const int StackLimit = 256;

    /// <summary>The median of the non-NaN values (NaN when there are none).</summary>
    public static double Median(ReadOnlySpan<double> values) => MedianOf(values, center: 0, deviations: false);

    /// <summary>The median absolute deviation from <paramref name="center"/> (unscaled).</summary>
    public static double MedianAbsoluteDeviation(ReadOnlySpan<double> values, double center) => MedianOf(values, center, deviations: true);

    /// <summary>The median of the non-NaN values, or of their absolute deviations from <paramref name="center"/>, on scratch space.</summary>
    private static double MedianOf(ReadOnlySpan<double> values, double center, bool deviations)
    {
        double[]? rented = null;
        var scratch = values.Length <= StackLimit
            ? stackalloc double[values.Length]
            : (rented = ArrayPool<double>.Shared.Rent(values.Length)).AsSpan(0, values.Length);
        var count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                scratch[count++] = deviations ? Math.Abs(v - center) : v;
            }
        }
        var median = count == 0 ? double.NaN : MedianInPlace(scratch[..count]);
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
        return median;
    }

    /// <summary>
    /// The median of <paramref name="values"/> (no NaN), reordering them: a selection (Hoare's quickselect) rather
    /// than a full sort, so long series cost linear time.
    /// </summary>
    public static double MedianInPlace(Span<double> values)
    {
        var n = values.Length;
        if (n <= 32)
        {
            values.Sort();
            return n % 2 == 1 ? values[n / 2] : 0.5 * (values[(n / 2) - 1] + values[n / 2]);
        }
        var upper = Select(values, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }
        // After the selection every value left of n/2 is at most the upper middle: the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        foreach (var v in values[..(n / 2)])
        {
            lower = Math.Max(lower, v);
        }
        return 0.5 * (lower + upper);
    }

    /// <summary>Puts the <paramref name="k"/>-th smallest value at index k, smaller ones before it, larger after; returns it.</summary>
    private static double Select(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            // Median of three as the pivot keeps sorted and reversed input linear.
            var mid = lo + ((hi - lo) / 2);
            if (a[mid] < a[lo])
            {
                (a[mid], a[lo]) = (a[lo], a[mid]);
            }
            if (a[hi] < a[lo])
            {
                (a[hi], a[lo]) = (a[lo], a[hi]);
            }
            if (a[hi] < a[mid])
            {
                (a[hi], a[mid]) = (a[mid], a[hi]);
            }
            var pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }
                while (a[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
        return a[k];
    }

    /// <summary>The <paramref name="p"/>-quantile (0..1) by linear interpolation between order statistics (R type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> values, double p)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
