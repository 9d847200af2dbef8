using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Tests.Seasonality;

public sealed class PeriodDetectorTests
{
    [Fact]
    public void Detect_DailyPattern_Returns24()
    {
        var y = Simulated.Hourly(700, seed: 1);
        Assert.Equal([24], PeriodDetector.Detect(y));
    }

    [Fact]
    public void Detect_DailyAndWeekendPattern_Returns24And168()
    {
        var y = Simulated.Hourly(960, seed: 2, weekly: 15);
        Assert.Equal([24, 168], PeriodDetector.Detect(y));
    }

    [Fact]
    public void Detect_WhiteNoise_ReturnsNone()
    {
        Assert.Empty(PeriodDetector.Detect(Simulated.Noise(1000, seed: 3)));
    }

    [Fact]
    public void Detect_MinuteLevelDailyCycle_Returns1440()
    {
        var noise = Simulated.Noise(5 * 1440, seed: 4, sd: 5);
        var y = new double[noise.Length];
        for (var t = 0; t < y.Length; t++)
        {
            y[t] = 50 + (20 * Math.Sin(2 * Math.PI * t / 1440)) + noise[t];
        }
        Assert.Equal([1440], PeriodDetector.Detect(y));
    }

    [Fact]
    public void Detect_Hint_IsUsedAsShortestPeriod()
    {
        var y = Simulated.Hourly(960, seed: 5, weekly: 15);
        Assert.Equal([24, 168], PeriodDetector.Detect(y, hint: 24));
    }
}
