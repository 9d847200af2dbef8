using Vigil.Forecasting.Intervals;
using Vigil.Forecasting.Models;
using Vigil.Forecasting.Preprocessing;
using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting;

/// <summary>
/// Forecasts a series: repairs it (gaps, counter resets), detects its seasonal periods, runs the chosen method and,
/// when a level is asked for, calibrates the prediction interval on a held-out tail. Thread-safe; holds no state
/// between calls.
/// </summary>
public sealed class Forecaster
{
    private readonly ForecasterOptions _options;

    /// <summary>Creates a forecaster; throws when the options are out of range.</summary>
    public Forecaster(ForecasterOptions? options = null)
    {
        _options = options ?? new ForecasterOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.SeasonHint);
        if (_options.Level is { } level)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(level, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, 100);
        }
        if (!Enum.IsDefined(_options.Method))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Method, "Unknown forecast method.");
        }
    }

    /// <summary>Forecasts <paramref name="horizon"/> steps after <paramref name="history"/> (oldest first; NaN marks a missing value).</summary>
    /// <exception cref="ArgumentException">The history holds no finite value.</exception>
    public Forecast Run(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        var y = SeriesRepair.Repair(history, _options.Kind, out var repairs);
        if (y.Length == 0)
        {
            throw new ArgumentException("The history holds no finite value.", nameof(history));
        }

        var periods = PeriodDetector.Detect(y, _options.SeasonHint);
        var level = _options.Level / 100;
        var nonNegative = true;
        foreach (var v in y)
        {
            nonNegative &= v >= 0;
        }

        ModelForecast final;
        HeldOut? held = null;
        var method = _options.Method;
        if (method == ForecastMethod.Auto)
        {
            var result = new AutoForecaster(periods).Run(y, horizon);
            (final, held, method) = (result.Final, result.HeldOut, result.Method);
        }
        else
        {
            var model = Create(method, periods);
            final = model.Forecast(y, horizon);
            var heldLength = HoldoutLength(y.Length, horizon, periods);
            if (level is not null && heldLength > 0)
            {
                var heldForecast = model.Forecast(y.AsSpan(0, y.Length - heldLength), heldLength);
                held = heldForecast.StdDev is null ? null : new HeldOut(y[^heldLength..], heldForecast.Mean, heldForecast.StdDev);
            }
        }

        if (level is not { } coverage || final.StdDev is null)
        {
            return new Forecast(final.Mean, null, null, null, method, periods, repairs);
        }
        var multiplier = held is not null
            ? IntervalCalibrator.ConformalMultiplier(held.Actual, held.Mean, held.StdDev, coverage, horizon)
            : IntervalCalibrator.NormalMultiplier(coverage);
        var (lower, upper) = IntervalCalibrator.Build(final.Mean, final.StdDev, multiplier, nonNegative);
        return new Forecast(final.Mean, lower, upper, _options.Level, method, periods, repairs);
    }

    private static int HoldoutLength(int n, int horizon, IReadOnlyList<int> periods)
    {
        var need = Math.Max(10, periods.Count > 0 ? 2 * periods[0] : 0);
        return n - horizon >= need ? horizon : 0;
    }

    private IForecastModel Create(ForecastMethod method, IReadOnlyList<int> periods)
    {
        var shortest = periods.Count > 0 ? periods[0] : 1;
        var longest = periods.Count > 0 ? periods[^1] : 1;
        return method switch
        {
            ForecastMethod.SeasonalNaive => new SeasonalNaiveForecaster(longest),
            // Naive2 and Theta are defined on one period: the hint when given (M4 uses the data's frequency), else the shortest detected.
            ForecastMethod.Naive2 => new Naive2Forecaster(_options.SeasonHint > 1 ? _options.SeasonHint : shortest),
            ForecastMethod.Theta => new ThetaForecaster(_options.SeasonHint > 1 ? _options.SeasonHint : shortest),
            // Seasonal ETS only for periods up to 24, as R's ets(): longer seasons make too many states to estimate.
            ForecastMethod.Ets => new EtsForecaster(shortest <= 24 ? shortest : 1),
            ForecastMethod.MultiSeasonal => new MultiSeasonalForecaster(periods, logScale: false, cycles: 8),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "No model for this method."),
        };
    }
}
