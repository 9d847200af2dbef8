using Vigil.Forecasting.Preprocessing;

namespace Vigil.Forecasting;

/// <summary>A forecast of the next <see cref="Horizon"/> values of a series, with an optional prediction interval.</summary>
public sealed class Forecast
{
    private readonly double[] _mean;
    private readonly double[]? _lower;
    private readonly double[]? _upper;

    internal Forecast(double[] mean, double[]? lower, double[]? upper, double? level, ForecastMethod method, IReadOnlyList<int> seasonalPeriods, RepairReport repairs)
    {
        Repairs = repairs;
        _mean = mean;
        _lower = lower;
        _upper = upper;
        Level = level;
        Method = method;
        SeasonalPeriods = seasonalPeriods;
    }

    /// <summary>The number of steps forecast.</summary>
    public int Horizon => _mean.Length;

    /// <summary>Point forecasts, one per step ahead.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Lower bounds of the prediction interval (empty when no interval was asked for).</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Upper bounds of the prediction interval (empty when no interval was asked for).</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>Whether <see cref="Lower"/> and <see cref="Upper"/> hold an interval.</summary>
    public bool HasInterval => _lower is not null;

    /// <summary>The nominal coverage of the interval in percent (e.g. 95), or null without an interval.</summary>
    public double? Level { get; }

    /// <summary>The method that produced the point forecast (for <see cref="ForecastMethod.Auto"/>, the best-scored candidate).</summary>
    public ForecastMethod Method { get; }

    /// <summary>What was repaired in the history before forecasting (gaps, counter resets).</summary>
    public RepairReport Repairs { get; }

    /// <summary>The seasonal periods used, in steps (detected or hinted); empty for a non-seasonal series.</summary>
    public IReadOnlyList<int> SeasonalPeriods { get; }
}
