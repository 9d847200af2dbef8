namespace Vigil.Forecasting.Models;

/// <summary>
/// Naive2, the M4 competition's reference: the last seasonally adjusted value (see <see cref="SeasonalAdjustment"/>),
/// re-seasonalised. Error deviation of the random walk, σ·sqrt(h), on the adjusted scale.
/// </summary>
internal sealed class Naive2Forecaster(int period) : IForecastModel
{
    public ForecastMethod Method => ForecastMethod.Naive2;

    public ModelForecast Forecast(ReadOnlySpan<double> y, int horizon)
    {
        var adjustment = SeasonalAdjustment.Fit(y, period);
        var adjusted = adjustment.Adjust(y);
        var n = adjusted.Length;
        var sumSq = 0.0;
        for (var t = 1; t < n; t++)
        {
            var d = adjusted[t] - adjusted[t - 1];
            sumSq += d * d;
        }
        var sigma = n > 1 ? Math.Sqrt(sumSq / (n - 1)) : 0;
        var mean = new double[horizon];
        var sd = new double[horizon];
        for (var h = 0; h < horizon; h++)
        {
            mean[h] = adjusted[^1];
            sd[h] = sigma * Math.Sqrt(h + 1);
        }
        return adjustment.Restore(new ModelForecast(mean, sd));
    }
}
