namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>Entire-series detection results, one element per input point.</summary>
internal sealed record BatchAnomalies(
    int Period, double[] Expected, double[] Margin, bool[] IsAnomaly, bool[] IsNegative, bool[] IsPositive, double[] Severity);

/// <summary>
/// Flags the points whose residual from <see cref="SeasonalDecomposition"/> exceeds their <see cref="Margin"/>, keeping at most <c>maxAnomalyRatio</c> of the points (the largest residuals).
/// </summary>
internal static class BatchAnomalyModel
{
    /// <summary>
    /// Margin in robust σ of the residuals: 1.5 + 0.4 × (100 − sensitivity), so 3.5 σ at the default 95, 1.9 σ at 99
    /// and 41.5 σ at 0. Monotone, as the spec asks: the lower the sensitivity, the wider the margin.
    /// </summary>
    public static double MarginSigmas(int sensitivity) => 1.5 + (0.4 * (100 - sensitivity));

    /// <summary>
    /// The margin of one point: k(sensitivity) robust σ of the residuals, but never less than (100 − sensitivity) % of
    /// the expected value, the relative margin the service documents (its example: margin = 5 % of the expected value
    /// at sensitivity 95). The relative part keeps a series that the model fits almost exactly from having every
    /// ripple flagged; the σ part widens the margin of series noisier than that.
    /// </summary>
    public static double Margin(int sensitivity, double sigma, double expected) =>
        Math.Max(MarginSigmas(sensitivity) * sigma, (100 - sensitivity) / 100.0 * Math.Abs(expected));

    public static BatchAnomalies Detect(DetectArguments arguments)
    {
        var values = arguments.Grid.Values;
        var period = arguments.Period ?? SeasonalDecomposition.DetectPeriod(values);
        var expected = SeasonalDecomposition.Expected(values, period);

        var inputs = arguments.Grid.GridIndexOfInput;
        var n = inputs.Length;
        var residuals = new double[n];
        for (var i = 0; i < n; i++)
        {
            residuals[i] = values[inputs[i]] - expected[inputs[i]];
        }
        var sigma = Sigma(residuals);
        var margins = new double[n];
        for (var i = 0; i < n; i++)
        {
            margins[i] = Margin(arguments.Sensitivity, sigma, expected[inputs[i]]);
        }

        var candidates = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(residuals[i]) > margins[i])
            {
                candidates.Add(i);
            }
        }
        var budget = (int)Math.Floor(arguments.MaxAnomalyRatio * n);
        if (candidates.Count > budget)
        {
            candidates.Sort((a, b) => Math.Abs(residuals[b]).CompareTo(Math.Abs(residuals[a])));
            candidates.RemoveRange(budget, candidates.Count - budget);
        }

        var result = new BatchAnomalies(
            period, new double[n], new double[n], new bool[n], new bool[n], new bool[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            result.Expected[i] = expected[inputs[i]];
            result.Margin[i] = margins[i];
        }
        foreach (var i in candidates)
        {
            result.IsAnomaly[i] = true;
            result.IsPositive[i] = residuals[i] > 0;
            result.IsNegative[i] = residuals[i] < 0;
            // Relative deviation, as the service reported it (0.29 for 1030 against an expected 798); the margin
            // stands in for an expected value near zero.
            result.Severity[i] = Math.Abs(residuals[i]) / Math.Max(Math.Abs(result.Expected[i]), Math.Max(margins[i], double.Epsilon));
        }
        return result;
    }

    /// <summary>The noise level: robust σ (the larger of the MAD's and the 80th percentile's), or when most residuals are exactly zero, their mean deviation.</summary>
    private static double Sigma(ReadOnlySpan<double> residuals)
    {
        var sigma = RobustStatistics.MadToSigma * RobustStatistics.Mad(residuals);
        // The 80th percentile of |residual| ÷ 1.2816 is σ for normal noise too, but follows the heavier shoulders that
        // medians of few seasonal cycles leave (8640 one-minute points of a daily season plus Gaussian noise: 48 → 15 points flagged at 95);
        // a fifth of the points would have to be anomalies before it grows with them.
        var magnitudes = new double[residuals.Length];
        var median = RobustStatistics.Median(residuals);
        for (var i = 0; i < residuals.Length; i++)
        {
            magnitudes[i] = Math.Abs(residuals[i] - median);
        }
        Array.Sort(magnitudes);
        sigma = Math.Max(sigma, magnitudes[(int)(0.8 * (magnitudes.Length - 1))] / 1.2816);
        if (sigma > 0)
        {
            return sigma;
        }
        double sum = 0;
        foreach (var r in residuals)
        {
            sum += Math.Abs(r - median);
        }
        // 1.2533 = √(π/2) turns a mean absolute deviation into σ for normal noise.
        return 1.2533 * sum / residuals.Length;
    }
}
