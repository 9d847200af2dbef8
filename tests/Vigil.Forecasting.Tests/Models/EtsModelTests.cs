using Vigil.Forecasting.Models;

namespace Vigil.Forecasting.Tests.Models;

public sealed class EtsModelTests
{
    private static readonly EtsSpec Ann = new(EtsError.Additive, EtsTrend.None, EtsSeason.None);
    private static readonly EtsSpec Aan = new(EtsError.Additive, EtsTrend.Additive, EtsSeason.None);
    private static readonly EtsSpec Aaa = new(EtsError.Additive, EtsTrend.Additive, EtsSeason.Additive);

    [Fact]
    public void Fit_LinearSeries_HoltContinuesTheLine()
    {
        var y = Enumerable.Range(0, 50).Select(t => 10 + (2.0 * t) + (0.01 * Math.Sin(t))).ToArray();
        var model = EtsModel.Fit(y, Aan, 1)!;
        var f = model.Forecast(5);
        for (var h = 1; h <= 5; h++)
        {
            Assert.Equal(10 + (2.0 * (49 + h)), f.Mean[h - 1], 0.1);
        }
    }

    [Fact]
    public void Fit_NoisyLevel_SesForecastIsFlatNearTheMean()
    {
        var y = Simulated.Noise(300, seed: 12).Select(v => 20 + v).ToArray();
        var model = EtsModel.Fit(y, Ann, 1)!;
        var f = model.Forecast(10);
        Assert.All(f.Mean, v => Assert.Equal(f.Mean[0], v, 12));
        Assert.Equal(20, f.Mean[0], 0.5);
        // White noise: alpha small, sigma ≈ 1.
        Assert.True(model.Alpha < 0.2, $"alpha {model.Alpha}");
        Assert.Equal(1, Math.Sqrt(model.Sigma2), 0.15);
    }

    [Fact]
    public void Forecast_SesDeviation_FollowsAnalyticalFormula()
    {
        // ETS(A,N,N): Var(h) = σ²(1 + (h−1)α²).
        var y = Simulated.Noise(200, seed: 13).Select((v, t) => 5 + v + (0.05 * t)).ToArray();
        var model = EtsModel.Fit(y, Ann, 1)!;
        var f = model.Forecast(4);
        for (var h = 1; h <= 4; h++)
        {
            var expected = Math.Sqrt(model.Sigma2 * (1 + ((h - 1) * model.Alpha * model.Alpha)));
            Assert.Equal(expected, f.StdDev![h - 1], 9);
        }
    }

    [Fact]
    public void Fit_SeasonalSeries_HoltWintersTracksPattern()
    {
        var y = Simulated.Hourly(24 * 20, seed: 14, sd: 0.5);
        var model = EtsModel.Fit(y, Aaa, 24)!;
        var f = model.Forecast(24);
        for (var h = 1; h <= 24; h++)
        {
            var truth = 100 + (20 * Math.Sin(2 * Math.PI * (y.Length - 1 + h) / 24));
            Assert.Equal(truth, f.Mean[h - 1], 1.5);
        }
    }

    [Fact]
    public void Fit_MultiplicativeOnNonPositiveData_ReturnsNull()
    {
        double[] y = [1, 2, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        Assert.Null(EtsModel.Fit(y, new EtsSpec(EtsError.Multiplicative, EtsTrend.None, EtsSeason.None), 1));
    }

    [Fact]
    public void Select_TrendingSeries_PrefersATrendModelByAicc()
    {
        var y = Simulated.Noise(200, seed: 15).Select((v, t) => 10 + (0.5 * t) + v).ToArray();
        var best = new EtsForecaster(1).Select(y)!;
        Assert.NotEqual(EtsTrend.None, best.Spec.Trend);
    }

    [Fact]
    public void Fit_HoltOnSimulatedHolt_RecoversTheInitialStateAndNoise()
    {
        // ETS(A,A,N) with α = 0.3, β = 0.05, l₀ = 50, b₀ = 0.4, σ = 1: the initial states are solved by least squares
        // inside the likelihood, so they come out close to the truth and σ̂ close to 1.
        var noise = Simulated.Noise(400, seed: 16);
        var y = new double[noise.Length];
        double level = 50, slope = 0.4;
        for (var t = 0; t < y.Length; t++)
        {
            y[t] = level + slope + noise[t];
            level += slope + (0.3 * noise[t]);
            slope += 0.05 * noise[t];
        }
        var model = EtsModel.Fit(y, Aan, 1)!;
        Assert.Equal(1, Math.Sqrt(model.Sigma2), 0.1);
        Assert.InRange(model.Alpha, 0.2, 0.45);
        Assert.Equal(level, model.Level, 2.0);
        Assert.Equal(slope, model.Slope, 0.3);
    }

    [Fact]
    public void Fit_DampedTrend_StaysWithinTheDampingBounds()
    {
        var y = Simulated.Noise(300, seed: 17).Select((v, t) => 100 + (20 * (1 - Math.Pow(0.97, t))) + (0.3 * v)).ToArray();
        var model = EtsModel.Fit(y, new EtsSpec(EtsError.Additive, EtsTrend.Damped, EtsSeason.None), 1)!;
        Assert.InRange(model.Phi, 0.8, 0.98);
        var f = model.Forecast(50);
        // The curve flattens towards 120: the damped forecast must not run away.
        Assert.InRange(f.Mean[^1], 115, 125);
    }
}

