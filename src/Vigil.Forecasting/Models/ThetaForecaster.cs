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
        var forecast = ForecastAdjusted(adjusted, horizon);
        return adjustment?.Restore(forecast) ?? forecast;
    }

    /// <summary>Theta forecast of an already seasonally adjusted (or non-seasonal) series.</summary>
    internal static ModelForecast ForecastAdjusted(ReadOnlySpan<double> adjusted, int horizon)
    {
        var ses = EtsModel.Fit(adjusted, new EtsSpec(EtsError.Additive, EtsTrend.None, EtsSeason.None), 1);
        return ses is null ? EtsForecaster.NaiveFallback(adjusted, horizon) : WithDrift(ses, adjusted, horizon, 0.5);
    }

    /// <summary>
    /// A fitted simple exponential smoothing plus <paramref name="slopeShare"/> of the linear trend's slope:
    /// ℓ(n) + share·b·((h−1) + 1/α − (1−α)^n/α). Share ½ is the Theta method; share 1 continues a straight line
    /// exactly (SES lags a line by b(1−α)/α, which the 1/α term puts back).
    /// </summary>
    internal static ModelForecast WithDrift(EtsModel ses, ReadOnlySpan<double> adjusted, int horizon, double slopeShare)
    {
        var n = adjusted.Length;
        var (_, slope) = LinearFit.Fit(adjusted);
        var alpha = ses.Alpha;
        var sigma = Math.Sqrt(ses.Sigma2);
        var mean = new double[horizon];
        var sd = new double[horizon];
        var drift = (1 - Math.Pow(1 - alpha, n)) / alpha;
        for (var h = 1; h <= horizon; h++)
        {
            mean[h - 1] = ses.Level + (slope * slopeShare * (h - 1 + drift));
            sd[h - 1] = sigma * Math.Sqrt(1 + ((h - 1) * alpha * alpha));
        }
        return new ModelForecast(mean, sd);
    }
}
