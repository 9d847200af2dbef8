namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>Change points, one element per input point.</summary>
internal sealed record BatchChangePoints(int Period, bool[] IsChangePoint, double[] Confidence);

/// <summary>
/// Finds the points where the level changes and stays changed: at each point, the <c>stableTrendWindow</c> points
/// before and after are summarised by their medians, and the shift between the two medians is compared with the spread
/// within them (plus the series' point-to-point noise). A point is a change point when its confidence reaches the
/// threshold and it is the strongest within a window on either side (one change, one point: the first of the new
/// level). Seasonality, when present, is removed first.
/// </summary>
internal static class BatchChangePointModel
{
    public static BatchChangePoints Detect(ChangePointArguments arguments)
    {
        var values = arguments.Grid.Values.ToArray();
        var period = arguments.Period ?? SeasonalDecomposition.DetectPeriod(values);
        var profile = SeasonalDecomposition.SeasonalProfile(values, period);
        if (profile.Length == 0)
        {
            period = 0;
        }
        for (var i = 0; i < values.Length && profile.Length > 0; i++)
        {
            values[i] -= profile[i % profile.Length];
        }

        var z = Contrast(values, arguments.StableTrendWindow);
        var n = values.Length;
        var w = arguments.StableTrendWindow;
        var confidence = new double[n];
        var isChange = new bool[n];
        for (var i = 0; i < n; i++)
        {
            confidence[i] = 1 - Math.Exp(-z[i]);
        }
        for (var i = 0; i < n; i++)
        {
            if (confidence[i] < arguments.Threshold || z[i] <= 0)
            {
                continue;
            }
            var strongest = true;
            for (var j = Math.Max(0, i - w); j <= Math.Min(n - 1, i + w) && strongest; j++)
            {
                // Ties go to the earlier point.
                strongest = j == i || z[j] < z[i] || (z[j] == z[i] && j > i);
            }
            isChange[i] = strongest;
        }

        var inputs = arguments.Grid.GridIndexOfInput;
        var result = new BatchChangePoints(period, new bool[inputs.Length], new double[inputs.Length]);
        for (var i = 0; i < inputs.Length; i++)
        {
            result.IsChangePoint[i] = isChange[inputs[i]];
            result.Confidence[i] = confidence[inputs[i]];
        }
        return result;
    }

    /// <summary>
    /// |median after − median before| ÷ (mean absolute deviation within the two sides + point-to-point noise), for
    /// windows of up to <paramref name="window"/> points each side (equal sides, shorter near the ends; 0 below half the window).
    /// </summary>
    private static double[] Contrast(double[] values, int window)
    {
        var n = values.Length;
        var differences = new double[Math.Max(1, n - 1)];
        for (var i = 1; i < n; i++)
        {
            differences[i - 1] = values[i] - values[i - 1];
        }
        // σ of a difference is √2 σ of the noise; a floor keeps a perfectly flat series from dividing by zero.
        var scale = RobustStatistics.Median(values.Select(Math.Abs).ToArray());
        var noise = Math.Max(RobustStatistics.MadToSigma * RobustStatistics.Mad(differences) / Math.Sqrt(2), 1e-9 * Math.Max(1, scale));

        var z = new double[n];
        for (var i = 1; i < n; i++)
        {
            // Sides shorter than half the window (the first and last few points) say too little about a lasting level.
            var m = Math.Min(window, Math.Min(i, n - i));
            if (m < Math.Max(2, window / 2))
            {
                continue;
            }
            var before = values.AsSpan(i - m, m);
            var after = values.AsSpan(i, m);
            double medianBefore = RobustStatistics.Median(before), medianAfter = RobustStatistics.Median(after);
            double spread = 0;
            foreach (var v in before)
            {
                spread += Math.Abs(v - medianBefore);
            }
            foreach (var v in after)
            {
                spread += Math.Abs(v - medianAfter);
            }
            spread /= 2 * m;
            z[i] = Math.Abs(medianAfter - medianBefore) / (spread + noise);
        }
        return z;
    }
}
