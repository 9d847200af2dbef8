using System.Buffers;

namespace Vigil.Forecasting.Preprocessing;

/// <summary>
/// Finds the last abrupt and lasting change of level: a point where the medians of the <c>window</c> points before
/// and after differ, beyond the steady drift, by more than <c>sigmas</c> robust deviations of the one-step differences.
/// A forecaster can then learn the level from the data after the shift only.
/// </summary>
internal static class LevelShift
{
    /// <summary>The index where the last level shift starts, or 0 when there is none.</summary>
    public static int FindLast(ReadOnlySpan<double> y, int window, double sigmas = 6)
    {
        var n = y.Length;
        if (window < 3 || n < 4 * window)
        {
            return 0;
        }
        var diffsBuffer = ArrayPool<double>.Shared.Rent(n - 1);
        var diffs = diffsBuffer.AsSpan(0, n - 1);
        for (var t = 1; t < n; t++)
        {
            diffs[t - 1] = y[t] - y[t - 1];
        }
        // A steady trend moves the median by `drift` per step; only a jump beyond that counts as a shift.
        var drift = Robust.Median(diffs);
        var noise = 1.4826 * Robust.MedianAbsoluteDeviation(diffs, drift);
        ArrayPool<double>.Shared.Return(diffsBuffer);
        if (!(noise > 0))
        {
            return 0;
        }
        // Medians of w points have deviation ~ noise/sqrt(2)·1.25/sqrt(w) each for white noise; the threshold is generous on purpose.
        var threshold = sigmas * noise;
        var scratch = new double[window];
        var step = Math.Max(1, window / 4);
        // Window medians by start index: with the step dividing the window, the window before position t is the window
        // after position t − window, so each median is computed once (the lag is `window / step` positions).
        var lag = window % step == 0 ? window / step : 0;
        var count = ((n - (2 * window)) / step) + 1;
        var medians = new double[count + lag];
        medians.AsSpan().Fill(double.NaN);
        double MedianFrom(int start, int k, ReadOnlySpan<double> series)
        {
            if (k >= 0 && k < medians.Length && !double.IsNaN(medians[k]))
            {
                return medians[k];
            }
            series.Slice(start, window).CopyTo(scratch);
            var m = Robust.MedianInPlace(scratch);
            if (k >= 0 && k < medians.Length)
            {
                medians[k] = m;
            }
            return m;
        }
        var j = 0;
        for (var t = n - window; t >= window; t -= step, j++)
        {
            var after = MedianFrom(t, j, y);
            var before = MedianFrom(t - window, lag > 0 ? j + lag : -1, y);
            if (Math.Abs(after - before - (drift * window)) > threshold)
            {
                return t;
            }
        }
        return 0;
    }
}
