namespace Vigil.Forecasting.Models;

/// <summary>
/// The default method: each candidate forecasts the last <c>horizon</c> points of the history from the points
/// before them; the candidates are ranked by that held-out mean absolute error and the best ones are averaged.
/// The held-out forecast of the chosen combination is kept to calibrate the prediction interval.
/// </summary>
internal sealed class AutoForecaster
{
    private readonly IReadOnlyList<int> _periods;

    public AutoForecaster(IReadOnlyList<int> periods)
    {
        _periods = periods;
    }

    /// <summary>How many of the best-ranked candidates are averaged.</summary>
    internal int Combine { get; init; } = 1;

    /// <summary>Effective cycles for the seasonal profiles.</summary>
    internal double Cycles { get; init; } = 8;

    public sealed record Result(ModelForecast Final, ModelForecast? Holdout, int HoldoutLength, ForecastMethod Method);

    public Result Run(ReadOnlySpan<double> y, int horizon)
    {
        var candidates = Candidates(y);
        var n = y.Length;
        var holdoutLength = HoldoutLength(n, horizon);
        if (holdoutLength == 0 || candidates.Count == 1)
        {
            return new Result(candidates[0].Forecast(y, horizon), null, 0, candidates[0].Method);
        }

        var train = y[..(n - holdoutLength)];
        var actual = y[(n - holdoutLength)..];
        var held = new ModelForecast[candidates.Count];
        var errors = new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            held[i] = candidates[i].Forecast(train, holdoutLength);
            var sum = 0.0;
            for (var h = 0; h < holdoutLength; h++)
            {
                sum += Math.Abs(actual[h] - held[i].Mean[h]);
            }
            errors[i] = double.IsFinite(sum) ? sum : double.MaxValue;
        }

        var order = new int[candidates.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => errors[a].CompareTo(errors[b]));
        var chosen = order.AsSpan(0, Math.Min(Combine, order.Length));
        var finals = new ModelForecast[chosen.Length];
        var helds = new ModelForecast[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            finals[i] = candidates[chosen[i]].Forecast(y, horizon);
            helds[i] = held[chosen[i]];
        }
        return new Result(Average(finals), Average(helds), holdoutLength, candidates[chosen[0]].Method);
    }

    /// <summary>The held-out length: the horizon, if the rest still spans two cycles of the shortest period.</summary>
    internal int HoldoutLength(int n, int horizon)
    {
        var need = Math.Max(10, _periods.Count > 0 ? 2 * _periods[0] : 0);
        return n - horizon >= need ? horizon : 0;
    }

    private List<IForecastModel> Candidates(ReadOnlySpan<double> y)
    {
        var positive = true;
        foreach (var v in y)
        {
            positive &= v > 0;
        }
        var list = new List<IForecastModel>();
        if (positive)
        {
            list.Add(new MultiSeasonalForecaster(_periods, logScale: true, Cycles));
        }
        list.Add(new MultiSeasonalForecaster(_periods, logScale: false, Cycles));
        if (_periods.Count > 0)
        {
            list.Add(new SeasonalNaiveForecaster(_periods[^1]));
        }
        return list;
    }

    private static ModelForecast Average(ModelForecast[] forecasts)
    {
        if (forecasts.Length == 1)
        {
            return forecasts[0];
        }
        var horizon = forecasts[0].Mean.Length;
        var mean = new double[horizon];
        var sd = new double[horizon];
        foreach (var f in forecasts)
        {
            for (var h = 0; h < horizon; h++)
            {
                mean[h] += f.Mean[h] / forecasts.Length;
                sd[h] += (f.StdDev?[h] ?? double.NaN) / forecasts.Length;
            }
        }
        return new ModelForecast(mean, sd);
    }
}
