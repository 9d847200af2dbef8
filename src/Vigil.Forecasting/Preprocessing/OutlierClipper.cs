using System.Buffers;

namespace Vigil.Forecasting.Preprocessing;

/// <summary>
/// Pulls isolated extreme points back to the local level: a point further than <c>sigmas</c> robust deviations
/// (1.4826·MAD of the residuals) from the median of its neighbours is replaced by that median.
/// </summary>
internal static class OutlierClipper
{
    private const int HalfWindow = 3;

    /// <summary>
    /// The median of seven values by a 16-comparator sorting network (Knuth, TAOCP 5.3.4; checked on all 0–1 inputs):
    /// branch-free min/max instead of a general sort, which made the clipper the costliest step of a forecast.
    /// </summary>
    private static double MedianOfSeven(ReadOnlySpan<double> v)
    {
        double a0 = v[0], a1 = v[1], a2 = v[2], a3 = v[3], a4 = v[4], a5 = v[5], a6 = v[6];
        Sort(ref a0, ref a6);
        Sort(ref a2, ref a3);
        Sort(ref a4, ref a5);
        Sort(ref a0, ref a2);
        Sort(ref a1, ref a4);
        Sort(ref a3, ref a6);
        Sort(ref a0, ref a1);
        Sort(ref a2, ref a5);
        Sort(ref a3, ref a4);
        Sort(ref a1, ref a2);
        Sort(ref a4, ref a6);
        Sort(ref a2, ref a3);
        Sort(ref a4, ref a5);
        Sort(ref a1, ref a2);
        Sort(ref a3, ref a4);
        return a3;
    }

    private static void Sort(ref double a, ref double b)
    {
        var lo = Math.Min(a, b);
        b = Math.Max(a, b);
        a = lo;
    }

    /// <summary>Returns how many points of <paramref name="y"/> were replaced (in place).</summary>
    public static int Clip(Span<double> y, double sigmas = 5)
    {
        var n = y.Length;
        if (n < (2 * HalfWindow) + 2)
        {
            return 0;
        }
        var localBuffer = ArrayPool<double>.Shared.Rent(n);
        var residualBuffer = ArrayPool<double>.Shared.Rent(n);
        var local = localBuffer.AsSpan(0, n);
        var residual = residualBuffer.AsSpan(0, n);
        Span<double> window = stackalloc double[(2 * HalfWindow) + 1];
        for (var t = 0; t < n; t++)
        {
            if (t >= HalfWindow && t + HalfWindow < n)
            {
                local[t] = MedianOfSeven(y.Slice(t - HalfWindow, 7));
            }
            else
            {
                var lo = Math.Max(0, t - HalfWindow);
                var hi = Math.Min(n - 1, t + HalfWindow);
                var count = 0;
                for (var j = lo; j <= hi; j++)
                {
                    window[count++] = y[j];
                }
                var w = window[..count];
                w.Sort();
                local[t] = count % 2 == 1 ? w[count / 2] : 0.5 * (w[(count / 2) - 1] + w[count / 2]);
            }
            residual[t] = y[t] - local[t];
        }
        var scale = 1.4826 * Robust.MedianAbsoluteDeviation(residual, 0);
        if (!(scale > 0))
        {
            ArrayPool<double>.Shared.Return(localBuffer);
            ArrayPool<double>.Shared.Return(residualBuffer);
            return 0;
        }
        var replaced = 0;
        for (var t = 0; t < n; t++)
        {
            if (Math.Abs(residual[t]) > sigmas * scale)
            {
                y[t] = local[t];
                replaced++;
            }
        }
        ArrayPool<double>.Shared.Return(localBuffer);
        ArrayPool<double>.Shared.Return(residualBuffer);
        return replaced;
    }
}
