namespace Vigil.Forecasting.Models;

/// <summary>
/// The Theta method in Hyndman and Billah's form: simple exponential smoothing plus half the slope of the linear
/// trend, ŷ(n+h) = ℓ(n) + b/2·((h-1) + 1/α − (1−α)^n/α), on data seasonally adjusted as in the M4 benchmarks.
/// Error deviation of SES: σ·sqrt(1 + (h-1)α²).
/// </summary>
internal sealed class ThetaForecaster(int period) : IForecastModel
{
    public ForecastMethod Method => ForecastMethod.Theta;

    public ModelForecast Forecast(ReadOnlySpan<double> y, int horizon)
    {
        var adjustment = period >= 2 ? SeasonalAdjustment.Fit(y, period) : null;
        var adjusted = adjustment?.Adjust(y) ?? y.ToArray();
        var n = adjusted.Length;
        var ses = EtsModel.Fit(adjusted, new EtsSpec(EtsError.Additive, EtsTrend.None, EtsSeason.None), 1);
        if (ses is null)
        {
            return EtsForecaster.NaiveFallback(y, horizon);
        }
        var (_, slope) = LinearFit.Fit(adjusted);
        var alpha = ses.Alpha;
        var sigma = Math.Sqrt(ses.Sigma2);
        var mean = new double[horizon];
        var sd = new double[horizon];
        var drift = (1 - Math.Pow(1 - alpha, n)) / alpha;
        for (var h = 1; h <= horizon; h++)
        {
            mean[h - 1] = ses.Level + (slope / 2 * (h - 1 + drift));
            sd[h - 1] = sigma * Math.Sqrt(1 + ((h - 1) * alpha * alpha));
        }
        var forecast = new ModelForecast(mean, sd);
        return adjustment?.Restore(forecast) ?? forecast;
    }
}
