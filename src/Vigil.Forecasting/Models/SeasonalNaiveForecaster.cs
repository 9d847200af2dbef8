namespace Vigil.Forecasting.Models;

/// <summary>
/// Seasonal naive: ŷ(n+h) = y(n+h-m·k) with k the smallest whole number of seasons reaching back into the data.
/// Error standard deviation: σ·sqrt(k) with σ the in-sample seasonal-difference RMS, as R's <c>snaive()</c>.
/// </summary>
internal sealed class SeasonalNaiveForecaster(int period) : IForecastModel
{
    public ForecastMethod Method => ForecastMethod.SeasonalNaive;

    public ModelForecast Forecast(ReadOnlySpan<double> y, int horizon)
    {
        var n = y.Length;
        var m = period >= 1 && period < n ? period : 1;
        var sumSq = 0.0;
        for (var t = m; t < n; t++)
        {
            var d = y[t] - y[t - m];
            sumSq += d * d;
        }
        var sigma = n > m ? Math.Sqrt(sumSq / (n - m)) : 0;
        var mean = new double[horizon];
        var sd = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var k = ((h - 1) / m) + 1;
            mean[h - 1] = y[n - (k * m) + h - 1];
            sd[h - 1] = sigma * Math.Sqrt(k);
        }
        return new ModelForecast(mean, sd);
    }
}
