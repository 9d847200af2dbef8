namespace Vigil.Forecasting.Intervals;

/// <summary>
/// Scales a model's error deviations so that intervals cover what out-of-sample errors need: the model gives the
/// shape over the horizon (how the deviation grows), held-out errors give the width (split-conformal on the
/// standardised absolute errors, |e(h)| / sd(h)). Without held-out errors the normal quantile is used as is.
/// </summary>
internal static class IntervalCalibrator
{
    /// <summary>The analytical multiplier for a central interval of <paramref name="level"/> (0..1): z at (1+level)/2.</summary>
    public static double NormalMultiplier(double level) => Normal.Quantile((1 + level) / 2);

    /// <summary>
    /// The conformal multiplier: the ⌈(k+1)·level⌉-th smallest of the k standardised absolute held-out errors,
    /// or the normal multiplier when there are too few errors to reach that rank.
    /// </summary>
    public static double ConformalMultiplier(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, ReadOnlySpan<double> deviation, double level)
    {
        var scores = new List<double>(actual.Length);
        for (var h = 0; h < actual.Length; h++)
        {
            if (deviation[h] > 0 && double.IsFinite(deviation[h]) && double.IsFinite(actual[h]))
            {
                scores.Add(Math.Abs(actual[h] - predicted[h]) / deviation[h]);
            }
        }
        var rank = (int)Math.Ceiling((scores.Count + 1) * level);
        if (scores.Count == 0 || rank > scores.Count)
        {
            return NormalMultiplier(level);
        }
        scores.Sort();
        return scores[rank - 1];
    }

    /// <summary>Builds mean ± multiplier·sd, clamped at zero below for series that never go negative.</summary>
    public static (double[] Lower, double[] Upper) Build(ReadOnlySpan<double> mean, ReadOnlySpan<double> deviation, double multiplier, bool nonNegative)
    {
        var lower = new double[mean.Length];
        var upper = new double[mean.Length];
        for (var h = 0; h < mean.Length; h++)
        {
            var half = multiplier * (double.IsFinite(deviation[h]) ? deviation[h] : 0);
            lower[h] = mean[h] - half;
            upper[h] = mean[h] + half;
            if (nonNegative && lower[h] < 0)
            {
                lower[h] = 0;
            }
        }
        return (lower, upper);
    }
}
