namespace Vigil.Forecasting.Models;

/// <summary>
/// Robust seasonal naive: each future value is the median of the values at the same phase in the last
/// <c>cycles</c> seasons, so one unusual week does not repeat itself. Error deviation as seasonal naive.
/// </summary>
internal sealed class SeasonalMedianForecaster(int period, int cycles) : IForecastModel
{
    public ForecastMethod Method => ForecastMethod.SeasonalNaive;

    public ModelForecast Forecast(ReadOnlySpan<double> y, int horizon)
    {
        var n = y.Length;
        var m = period >= 1 && period < n ? period : 1;
        var naive = new SeasonalNaiveForecaster(m).Forecast(y, horizon);
        var mean = new double[horizon];
        Span<double> window = stackalloc double[Math.Max(1, cycles)];
        for (var h = 0; h < horizon; h++)
        {
            // Phase of step h, then the same phase in each of the last `cycles` whole seasons in the data.
            var k0 = (h / m) + 1;
            var count = 0;
            for (var k = k0; k < k0 + cycles; k++)
            {
                var t = n + h - (k * m);
                if (t >= 0)
                {
                    window[count++] = y[t];
                }
            }
            var w = window[..count];
            w.Sort();
            mean[h] = count % 2 == 1 ? w[count / 2] : 0.5 * (w[(count / 2) - 1] + w[count / 2]);
        }
        return new ModelForecast(mean, naive.StdDev);
    }
}
