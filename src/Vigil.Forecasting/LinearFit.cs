namespace Vigil.Forecasting;

/// <summary>Ordinary least squares of a series on its index (0, 1, …, n-1).</summary>
internal static class LinearFit
{
    public static (double Intercept, double Slope) Fit(ReadOnlySpan<double> y)
    {
        var n = y.Length;
        if (n == 0)
        {
            return (0, 0);
        }
        if (n == 1)
        {
            return (y[0], 0);
        }
        var meanX = (n - 1) / 2.0;
        var meanY = 0.0;
        foreach (var v in y)
        {
            meanY += v;
        }
        meanY /= n;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = i - meanX;
            sxy += dx * (y[i] - meanY);
            sxx += dx * dx;
        }
        var slope = sxy / sxx;
        return (meanY - (slope * meanX), slope);
    }
}
