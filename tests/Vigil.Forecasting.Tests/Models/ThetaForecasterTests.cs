using Vigil.Forecasting.Models;

namespace Vigil.Forecasting.Tests.Models;

public sealed class ThetaForecasterTests
{
    [Fact]
    public void Forecast_MatchesHyndmanBillahFormula()
    {
        // ŷ(n+h) = ℓ(n) + b/2·((h−1) + 1/α − (1−α)^n/α) with ℓ, α from SES and b the OLS slope.
        var y = Simulated.Noise(120, seed: 16).Select((v, t) => 30 + (0.2 * t) + v).ToArray();
        var ses = EtsModel.Fit(y, new EtsSpec(EtsError.Additive, EtsTrend.None, EtsSeason.None), 1)!;
        var slope = LinearFit.Fit(y).Slope;
        var f = new ThetaForecaster(1).Forecast(y, 3);
        for (var h = 1; h <= 3; h++)
        {
            var expected = ses.Level + (slope / 2 * ((h - 1) + (1 / ses.Alpha) - (Math.Pow(1 - ses.Alpha, y.Length) / ses.Alpha)));
            Assert.Equal(expected, f.Mean[h - 1], 9);
        }
    }

    [Fact]
    public void Forecast_ConstantSeries_IsConstant()
    {
        var y = Enumerable.Repeat(7.0, 60).Select((v, t) => v + (t % 2 == 0 ? 1e-9 : -1e-9)).ToArray();
        var f = new ThetaForecaster(1).Forecast(y, 5);
        Assert.All(f.Mean, v => Assert.Equal(7, v, 6));
    }
}
