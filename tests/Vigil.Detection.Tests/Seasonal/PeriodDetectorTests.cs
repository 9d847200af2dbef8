using Vigil.Detection.Seasonal;

namespace Vigil.Detection.Tests.Seasonal;

public sealed class PeriodDetectorTests
{
    [Theory]
    [InlineData(1, 1.0)]   // 1-minute samples, daily cycle
    [InlineData(5, 1.0)]   // 5-minute samples, daily cycle
    [InlineData(60, 7.0)]  // hourly samples, weekly cycle
    public void Observe_SineWithNoise_FindsThePeriod(int stepMinutes, double periodDays)
    {
        var detector = new PeriodDetector();
        var random = new Random(1);
        var step = TimeSpan.FromMinutes(stepMinutes);
        var n = (int)(TimeSpan.FromDays(periodDays * 4) / step);
        for (var i = 0; i < n; i++)
        {
            var t = Synthetic.Start + (step * i);
            var phase = 2 * Math.PI * (t - Synthetic.Start).TotalDays / periodDays;
            detector.Observe(t.Ticks, (10 * Math.Sin(phase)) + Synthetic.Gaussian(random));
        }
        Assert.Equal(TimeSpan.FromDays(periodDays), TimeSpan.FromTicks(detector.Period));
    }

    [Fact]
    public void Observe_IrregularTimestamps_FindsDailyPeriod()
    {
        var detector = new PeriodDetector();
        var random = new Random(2);
        var t = Synthetic.Start;
        while (t < Synthetic.Start.AddDays(5))
        {
            t += TimeSpan.FromSeconds(random.Next(60, 900)); // 1 to 15 minutes apart
            var phase = 2 * Math.PI * (t - Synthetic.Start).TotalDays;
            detector.Observe(t.Ticks, (10 * Math.Sin(phase)) + Synthetic.Gaussian(random));
        }
        Assert.Equal(TimeSpan.FromDays(1), TimeSpan.FromTicks(detector.Period));
    }

    [Fact]
    public void Observe_NoiseOnly_FindsNoPeriod()
    {
        var detector = new PeriodDetector();
        var random = new Random(3);
        for (var i = 0; i < 5000; i++)
        {
            detector.Observe((Synthetic.Start + TimeSpan.FromMinutes(5 * i)).Ticks, Synthetic.Gaussian(random));
        }
        Assert.Equal(0, detector.Period);
    }
}
