using Vigil.Forecasting.Models;

namespace Vigil.Forecasting.Tests.Models;

public sealed class Naive2ForecasterTests
{
    [Fact]
    public void Forecast_NonSeasonal_IsLastValue()
    {
        var y = Simulated.Noise(100, seed: 11).Select(v => 50 + v).ToArray();
        var f = new Naive2Forecaster(24).Forecast(y, 3);
        Assert.All(f.Mean, v => Assert.Equal(y[^1], v, 12));
    }

    [Fact]
    public void Forecast_ExactMultiplicativeSeason_ReproducesPattern()
    {
        // y = 10 · index(t mod 4): adjusted series is the constant 10, so the forecast is 10 · index of each future phase.
        double[] indices = [0.5, 1.0, 1.5, 1.0];
        var y = Enumerable.Range(0, 40).Select(t => 10 * indices[t % 4]).ToArray();
        var f = new Naive2Forecaster(4).Forecast(y, 4);
        Assert.Equal(5, f.Mean[0], 9);
        Assert.Equal(10, f.Mean[1], 9);
        Assert.Equal(15, f.Mean[2], 9);
        Assert.Equal(10, f.Mean[3], 9);
    }
}
