using Vigil.Detection.Seasonal;

namespace Vigil.Detection.Tests.Seasonal;

public sealed class HourOfDayModelTests
{
    // Hourly values: 10 from 08:00 to 19:59, 2 at night, with noise of 1.
    private static double Level(DateTime t) => t.Hour is >= 8 and < 20 ? 10 : 2;

    [Fact]
    public void Observe_NightAtDayLevel_StandsOutAgainstEveryOrdinaryHour()
    {
        var model = new HourOfDayModel();
        var random = new Random(7);
        var ordinary = 0.0;
        var t = Synthetic.Start;
        for (var i = 0; i < 20 * 24; i++, t = t.AddHours(1))
        {
            var s = model.Observe(t.Ticks, Level(t) + Synthetic.Gaussian(random));
            if (s.Ready)
            {
                ordinary = Math.Max(ordinary, s.Value);
            }
        }

        // The next night (00:00–05:59) runs at the day's level: normal for the series, abnormal for the hour.
        var night = 0.0;
        t = t.Date.AddDays(1);
        for (var h = 0; h < 6; h++, t = t.AddHours(1))
        {
            night = Math.Max(night, model.Observe(t.Ticks, 10 + Synthetic.Gaussian(random)).Value);
        }

        Assert.True(ordinary > 0, "the model never became ready");
        Assert.True(night > 2 * ordinary, $"night {night:F2} against ordinary hours up to {ordinary:F2}");
    }

    [Fact]
    public void WriteRead_RoundTrip_GivesIdenticalSurprises()
    {
        var a = new HourOfDayModel();
        var random = new Random(8);
        var t = Synthetic.Start;
        for (var i = 0; i < 5 * 24; i++, t = t.AddHours(1))
        {
            a.Observe(t.Ticks, Level(t) + Synthetic.Gaussian(random));
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.Write(writer);
        }
        Assert.Equal(HourOfDayModel.StateBytes, stream.Length);
        stream.Position = 0;
        var b = new HourOfDayModel();
        using (var reader = new BinaryReader(stream))
        {
            b.Read(reader);
        }
        for (var i = 0; i < 48; i++, t = t.AddHours(1))
        {
            var x = Level(t) + Synthetic.Gaussian(random);
            Assert.Equal(a.Observe(t.Ticks, x), b.Observe(t.Ticks, x));
            Assert.Equal(a.WithinPeak, b.WithinPeak);
        }
    }

    [Fact]
    public void WithinPeak_AHeightThisHourHasShown_IsWithinANewHeightOrAnotherHourIsNot()
    {
        // 5-minute values at 1 ± 0.1; every day one point of 03:00–03:55 jumps to 5 (the nightly job).
        var model = new HourOfDayModel();
        var random = new Random(9);
        var step = TimeSpan.FromMinutes(5);
        var t = Synthetic.Start;
        for (var day = 0; day < 6; day++)
        {
            var job = (3 * 12) + random.Next(0, 12);
            for (var i = 0; i < 288; i++, t += step)
            {
                model.Observe(t.Ticks, (i == job ? 5 : 1) + (0.1 * random.NextDouble()));
            }
        }

        Assert.True(Within(model, t.AddMinutes(200), 5), "the job at 03:20, as high as earlier days'");
        Assert.True(Within(model, t.AddMinutes(210), 6.5), "the job 1.35 times as high");
        Assert.False(Within(model, t.AddMinutes(220), 12), "a job three times as high");
        Assert.False(Within(model, t.AddMinutes(900), 5), "the job's height at 15:00");
        Assert.False(Within(model, t.AddMinutes(905), 0.9), "a value below the hour's mean");
    }

    private static bool Within(HourOfDayModel model, DateTime t, double x)
    {
        model.Observe(t.Ticks, x);
        return model.WithinPeak;
    }
}
