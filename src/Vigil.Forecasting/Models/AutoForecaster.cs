namespace Vigil.Forecasting.Models;

/// <summary>
/// The default method: each candidate forecasts the last six horizon-long windows of the history from the points
/// before each; candidates are ranked by their held-out score (MASE + sMAPE/10, older windows weighted less) and the
/// best three are combined with weights falling steeply with their score. The held-out forecasts of the same
/// combination are kept to calibrate the prediction interval.
/// </summary>
internal sealed class AutoForecaster
{
    private readonly IReadOnlyList<int> _periods;

    public AutoForecaster(IReadOnlyList<int> periods)
    {
        _periods = periods;
    }

    /// <summary>How many of the best-ranked candidates are combined.</summary>
    private const int Combine = 3;

    /// <summary>
    /// Combination weights are proportional to score^−4, so a clearly worse runner-up (a flat forecast next to a
    /// clear trend) hardly counts. M4 Hourly: best two averaged when within 1.5× of the best, OWA 0.439 (MSIS 8.06);
    /// best three weighted by score^−2, 0.436 (8.33); by score^−4, 0.435 (8.10). With the current candidates and six
    /// windows: best three by score^−4 0.399 (score^−8 0.397), best two 0.400, best one 0.411, equal weights 0.402,
    /// median of the three 0.403.
    /// </summary>
    private const double WeightPower = 4;

    /// <summary>
    /// How many consecutive held-out windows (each one horizon long) score the candidates. M4 Hourly with the
    /// current candidates: 3 windows (decay 0.6) OWA 0.407, 4 (0.8) 0.405, 5 (0.9) 0.405, 6 (0.9) 0.399.
    /// </summary>
    private const int Windows = 6;

    /// <summary>How many of the latest held-out windows calibrate the interval's width (the largest of their quantiles).</summary>
    private const int CalibrationWindows = 3;

    /// <summary>Each older window counts this much less in the score (M4 Hourly, six windows: 0.8 → OWA 0.400, 0.9 → 0.399, 1 → 0.400).</summary>
    private const double WindowDecay = 0.9;

    /// <summary>What forecasts a seasonally adjusted series.</summary>
    private enum Inner
    {
        /// <summary>Simple exponential smoothing (ETS(A,N,N)).</summary>
        Level,

        /// <summary>The Theta method: SES plus half the linear slope.</summary>
        Theta,

        /// <summary>SES plus the whole linear slope: continues a steady trend (a filling disk).</summary>
        Drift,
    }

    /// <summary>One decomposition (scale and seasonal memory) and the forecasters run on its adjusted series.</summary>
    private sealed record Family(bool LogScale, double Cycles, List<Inner> Inners);

    /// <summary>A candidate: a forecaster of a family's adjusted series, or a model of the raw series.</summary>
    private sealed record Candidate(int Family, Inner Inner, IForecastModel? Model)
    {
        public ForecastMethod Method => Model?.Method ?? ForecastMethod.MultiSeasonal;
    }

    public sealed record Result(ModelForecast Final, HeldOut? HeldOut, ForecastMethod Method);

    public Result Run(ReadOnlySpan<double> y, int horizon)
    {
        var (families, candidates) = Candidates(y);
        var n = y.Length;
        var windows = 0;
        while (windows < Windows && n - ((windows + 1) * horizon) >= MinimumTrainLength())
        {
            windows++;
        }
        if (windows == 0)
        {
            // Too short to hold anything out: ETS picks level, linear or damped trend by AICc on the adjusted series.
            var fallback = new MultiSeasonalForecaster(_periods, logScale: false, SeasonalMemories[1], EtsForecaster.NonSeasonal);
            return new Result(fallback.Forecast(y, horizon), null, fallback.Method);
        }

        // held[w][i]: candidate i's forecast of window w (w = 0 is the latest).
        var held = new ModelForecast[windows][];
        var scores = new double[candidates.Count];
        for (var w = 0; w < windows; w++)
        {
            var end = n - (w * horizon);
            var train = y[..(end - horizon)];
            held[w] = ForecastAll(train, horizon, families, candidates, null);
            for (var i = 0; i < candidates.Count; i++)
            {
                scores[i] += Math.Pow(WindowDecay, w) * Score(train, y[(end - horizon)..end], held[w][i].Mean);
            }
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                scores[i] = double.MaxValue;
            }
        }

        var order = new int[candidates.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => scores[a].CompareTo(scores[b]));
        var chosen = order[..Math.Min(Combine, order.Length)];
        var weights = new double[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            // A perfect held-out score would give an infinite weight: floor it.
            weights[i] = Math.Pow(Math.Max(scores[chosen[i]], 1e-9), -WeightPower);
        }
        var all = ForecastAll(y, horizon, families, candidates, chosen);
        var finals = new ModelForecast[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            finals[i] = all[chosen[i]];
        }

        var calibration = Math.Min(windows, CalibrationWindows);
        var actual = new double[calibration * horizon];
        var mean = new double[calibration * horizon];
        var sd = new double[calibration * horizon];
        var window = new ModelForecast[chosen.Length];
        for (var w = 0; w < calibration; w++)
        {
            var end = n - (w * horizon);
            y[(end - horizon)..end].CopyTo(actual.AsSpan(w * horizon));
            for (var i = 0; i < chosen.Length; i++)
            {
                window[i] = held[w][chosen[i]];
            }
            var combined = Combined(window, weights);
            combined.Mean.CopyTo(mean.AsSpan(w * horizon));
            (combined.StdDev ?? []).CopyTo(sd.AsSpan(w * horizon));
        }
        return new Result(Combined(finals, weights), new HeldOut(actual, mean, sd), candidates[chosen[0]].Method);
    }

    /// <summary>
    /// Every candidate's forecast from <paramref name="train"/> (only those in <paramref name="only"/> when given,
    /// the others null): each family is decomposed once and its adjusted series fitted by SES once, which the level,
    /// Theta and drift forecasts all use.
    /// </summary>
    private ModelForecast[] ForecastAll(ReadOnlySpan<double> train, int horizon, List<Family> families, List<Candidate> candidates, int[]? only)
    {
        var result = new ModelForecast[candidates.Count];
        var needed = new bool[candidates.Count];
        for (var i = 0; i < needed.Length; i++)
        {
            needed[i] = only is null || Array.IndexOf(only, i) >= 0;
        }
        for (var f = 0; f < families.Count; f++)
        {
            MultiSeasonalForecaster.Adjusted? adjusted = null;
            ModelForecast? level = null;
            EtsModel? ses = null;
            for (var i = 0; i < candidates.Count; i++)
            {
                var c = candidates[i];
                if (c.Model is not null || c.Family != f || !needed[i])
                {
                    continue;
                }
                if (adjusted is null)
                {
                    adjusted = MultiSeasonalForecaster.Adjusted.Fit(train, _periods, families[f].LogScale, families[f].Cycles);
                    ses = EtsModel.Fit(adjusted.Values, LevelOnly, 1);
                    level = ses?.Forecast(horizon) ?? EtsForecaster.NaiveFallback(adjusted.Values, horizon);
                }
                var inner = ses is null || c.Inner == Inner.Level
                    ? level!
                    : ThetaForecaster.WithDrift(ses, adjusted.Values, horizon, c.Inner == Inner.Theta ? 0.5 : 1);
                result[i] = adjusted.Restore(inner);
            }
        }
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Model is { } model && needed[i])
            {
                result[i] = model.Forecast(train, horizon);
            }
        }
        return result;
    }

    private int MinimumTrainLength() => Math.Max(10, _periods.Count > 0 ? 2 * _periods[0] : 0);

    /// <summary>
    /// Held-out score: MASE (absolute error over the in-sample one-season naive error) plus sMAPE/10, so that both
    /// the size of errors and their size relative to the values (low nightly values) count.
    /// </summary>
    private double Score(ReadOnlySpan<double> train, ReadOnlySpan<double> actual, double[] predicted)
    {
        var m = _periods.Count > 0 ? _periods[0] : 1;
        var scale = Evaluation.M4Metrics.Scale(train, m);
        var mase = 0.0;
        var smape = 0.0;
        for (var h = 0; h < actual.Length; h++)
        {
            var e = Math.Abs(actual[h] - predicted[h]);
            mase += e;
            var d = Math.Abs(actual[h]) + Math.Abs(predicted[h]);
            smape += d > 0 ? 200 * e / d : 0;
        }
        mase /= actual.Length * (scale > 0 ? scale : 1);
        smape /= actual.Length;
        return mase + (smape / 10);
    }

    /// <summary>Effective number of recent cycles the seasonal profiles average over (short, medium and long memory).</summary>
    private static readonly double[] SeasonalMemories = [1.5, 4, 8];

    private static readonly EtsSpec LevelOnly = EtsForecaster.NonSeasonal[0];

    /// <summary>
    /// The candidates. On the log scale (positive series; the raw scale otherwise): SES and Theta with short seasonal
    /// memory, SES with medium and long memory. On the raw scale: SES with long memory, Theta and drift with short
    /// memory. Seasonal naive and the 3- and 5-season medians over the longest period.
    /// Measured on M4 Hourly (six windows, best three combined), starting from the earlier set (SES on log and raw
    /// with memories 1.5 and 4, linear trend by AICc, seasonal naive, 3-season median; OWA 0.433): + Theta on the log
    /// scale 0.418, + all variants (memory 8, damped trend, Theta raw, 5-season median) 0.406; dropping one at a
    /// time what did not help left 0.403 without any Holt (linear-trend ETS) candidate; + drift on the raw scale
    /// 0.399. Holt, damped trend and log-scale drift added nothing next to these.
    /// </summary>
    private (List<Family> Families, List<Candidate> Candidates) Candidates(ReadOnlySpan<double> y)
    {
        var positive = true;
        foreach (var v in y)
        {
            positive &= v > 0;
        }
        var families = new List<Family>();
        var candidates = new List<Candidate>();
        void Add(bool log, double cycles, Inner inner)
        {
            log &= positive;
            var f = families.FindIndex(x => x.LogScale == log && x.Cycles == cycles);
            if (f < 0)
            {
                families.Add(new Family(log, cycles, []));
                f = families.Count - 1;
            }
            if (!families[f].Inners.Contains(inner))
            {
                families[f].Inners.Add(inner);
                candidates.Add(new Candidate(f, inner, null));
            }
        }
        Add(log: true, SeasonalMemories[0], Inner.Level);
        Add(log: true, SeasonalMemories[0], Inner.Theta);
        Add(log: true, SeasonalMemories[1], Inner.Level);
        Add(log: true, SeasonalMemories[2], Inner.Level);
        Add(log: false, SeasonalMemories[2], Inner.Level);
        Add(log: false, SeasonalMemories[0], Inner.Theta);
        Add(log: false, SeasonalMemories[0], Inner.Drift);
        if (_periods.Count > 0)
        {
            candidates.Add(new Candidate(-1, Inner.Level, new SeasonalNaiveForecaster(_periods[^1])));
            candidates.Add(new Candidate(-1, Inner.Level, new SeasonalMedianForecaster(_periods[^1], 3)));
            candidates.Add(new Candidate(-1, Inner.Level, new SeasonalMedianForecaster(_periods[^1], 5)));
        }
        return (families, candidates);
    }

    /// <summary>
    /// The weighted mean of the forecasts and of their deviations (a conservative choice for the latter: it assumes
    /// the errors move together); exactly 0 where candidates holding most of the weight forecast exactly 0.
    /// </summary>
    private static ModelForecast Combined(ModelForecast[] forecasts, double[] weights)
    {
        if (forecasts.Length == 1)
        {
            return forecasts[0];
        }
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }
        var horizon = forecasts[0].Mean.Length;
        var mean = new double[horizon];
        var sd = new double[horizon];
        var zeroShare = new double[horizon];
        for (var i = 0; i < forecasts.Length; i++)
        {
            var share = weights[i] / total;
            for (var h = 0; h < horizon; h++)
            {
                mean[h] += share * forecasts[i].Mean[h];
                sd[h] += share * (forecasts[i].StdDev?[h] ?? double.NaN);
                zeroShare[h] += forecasts[i].Mean[h] == 0 ? share : 0;
            }
        }
        // Intermittent series (disk writes that are 0 most minutes): when most of the weight says exactly 0, say 0,
        // rather than a small positive blend that is wrong at every idle step (NAB: sMAPE 57 → 45, MASE unchanged).
        for (var h = 0; h < horizon; h++)
        {
            if (zeroShare[h] >= 0.5)
            {
                mean[h] = 0;
            }
        }
        return new ModelForecast(mean, sd);
    }
}
