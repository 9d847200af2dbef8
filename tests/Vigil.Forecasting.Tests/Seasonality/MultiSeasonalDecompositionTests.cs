using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Tests.Seasonality;

public sealed class MultiSeasonalDecompositionTests
{
    [Fact]
    public void Fit_NoiselessDailyAndWeekly_AdjustedSeriesIsFlat()
    {
        var y = Simulated.Hourly(960, seed: 10, weekly: 15, sd: 0);
        var decomposition = MultiSeasonalDecomposition.Fit(y, [24, 168], cycles: 4);
        var (min, max) = (decomposition.Adjusted.Min(), decomposition.Adjusted.Max());
        Assert.True(max - min < 0.5, $"adjusted range {max - min}");
        // The profile projects the pattern: 3 days ahead at hour 6 (a weekday or weekend as the calendar says).
        var t = 960 + 78;
        var expected = y[t - 168] - decomposition.Adjusted[^1];
        Assert.Equal(expected, decomposition.SeasonalAt(t), 0.5);
    }
}
