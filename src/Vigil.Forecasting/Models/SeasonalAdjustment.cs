using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Models;

/// <summary>
/// The M4 benchmarks' seasonal adjustment: when the 90% autocorrelation test at lag m says seasonal, divide by the
/// indices of a classical multiplicative decomposition; the forecasts are multiplied back by the last season's indices.
/// </summary>
internal sealed class SeasonalAdjustment
{
    private readonly double[]? _figure;
    private readonly int _period;
    private readonly int _length;

    private SeasonalAdjustment(double[]? figure, int period, int length)
    {
        _figure = figure;
        _period = period;
        _length = length;
    }

    public bool IsSeasonal => _figure is not null;

    public static SeasonalAdjustment Fit(ReadOnlySpan<double> y, int period)
    {
        var positive = true;
        foreach (var v in y)
        {
            positive &= v > 0;
        }
        var seasonal = positive && ClassicalDecomposition.IsSeasonal(y, period);
        return new SeasonalAdjustment(seasonal ? ClassicalDecomposition.SeasonalFigure(y, period, multiplicative: true) : null, period, y.Length);
    }

    public double[] Adjust(ReadOnlySpan<double> y)
    {
        var result = y.ToArray();
        if (_figure is not null)
        {
            for (var t = 0; t < result.Length; t++)
            {
                result[t] /= _figure[t % _period];
            }
        }
        return result;
    }

    /// <summary>Multiplies forecasts (and their deviations) back by the seasonal index of each future step.</summary>
    public ModelForecast Restore(ModelForecast forecast)
    {
        if (_figure is null)
        {
            return forecast;
        }
        var mean = (double[])forecast.Mean.Clone();
        var sd = (double[]?)forecast.StdDev?.Clone();
        for (var h = 0; h < mean.Length; h++)
        {
            var index = _figure[(_length + h) % _period];
            mean[h] *= index;
            if (sd is not null)
            {
                sd[h] *= index;
            }
        }
        return new ModelForecast(mean, sd);
    }
}
