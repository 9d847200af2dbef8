namespace Vigil.Forecasting.Models;

/// <summary>Fits each candidate ETS form and keeps the one with the lowest AICc, as R's <c>ets()</c> does.</summary>
internal sealed class EtsForecaster : IForecastModel
{
    /// <summary>Non-seasonal forms used on seasonally adjusted data: level only, linear trend, damped trend.</summary>
    public static readonly EtsSpec[] NonSeasonal =
    [
        new(EtsError.Additive, EtsTrend.None, EtsSeason.None),
        new(EtsError.Additive, EtsTrend.Additive, EtsSeason.None),
        new(EtsError.Additive, EtsTrend.Damped, EtsSeason.None),
    ];

    private readonly int _period;
    private readonly EtsSpec[] _candidates;

    /// <summary>Creates the forecaster; <paramref name="period"/> 0 or 1 means non-seasonal.</summary>
    public EtsForecaster(int period, EtsSpec[]? candidates = null)
    {
        _period = period;
        _candidates = candidates ?? AllCandidates(period);
    }

    public ForecastMethod Method => ForecastMethod.Ets;

    public ModelForecast Forecast(ReadOnlySpan<double> y, int horizon) =>
        Select(y)?.Forecast(horizon) ?? NaiveFallback(y, horizon);

    /// <summary>The candidate with the lowest AICc, or null when none could be fitted.</summary>
    public EtsModel? Select(ReadOnlySpan<double> y)
    {
        EtsModel? best = null;
        foreach (var spec in _candidates)
        {
            var model = EtsModel.Fit(y, spec, _period);
            if (model is not null && (best is null || model.Aicc < best.Aicc))
            {
                best = model;
            }
        }
        return best;
    }

    /// <summary>The forms R's <c>ets()</c> searches by default (without multiplicative trends).</summary>
    public static EtsSpec[] AllCandidates(int period)
    {
        var list = new List<EtsSpec>();
        foreach (var error in new[] { EtsError.Additive, EtsError.Multiplicative })
        {
            foreach (var trend in new[] { EtsTrend.None, EtsTrend.Additive, EtsTrend.Damped })
            {
                foreach (var season in new[] { EtsSeason.None, EtsSeason.Additive, EtsSeason.Multiplicative })
                {
                    if (season != EtsSeason.None && period < 2)
                    {
                        continue;
                    }
                    // Additive error with multiplicative season is numerically unstable; R excludes it too.
                    if (error == EtsError.Additive && season == EtsSeason.Multiplicative)
                    {
                        continue;
                    }
                    list.Add(new EtsSpec(error, trend, season));
                }
            }
        }
        return [.. list];
    }

    internal static ModelForecast NaiveFallback(ReadOnlySpan<double> y, int horizon)
    {
        var mean = new double[horizon];
        Array.Fill(mean, y.IsEmpty ? 0 : y[^1]);
        return new ModelForecast(mean, null);
    }
}
