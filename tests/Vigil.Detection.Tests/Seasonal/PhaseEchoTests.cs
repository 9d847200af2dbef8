using Vigil.Detection.Seasonal;

namespace Vigil.Detection.Tests.Seasonal;

public sealed class PhaseEchoTests
{
    private static readonly long Day = TimeSpan.TicksPerDay;
    private static readonly long Interval = TimeSpan.FromSeconds(15).Ticks;

    [Theory]
    [InlineData(false, 1.5)] // this cycle's strong point, minutes ago, discounts the next: 5 − (5 − 1.5)
    [InlineData(true, 5.0)] // only earlier days count: the next point keeps its evidence
    public void Discount_SecondEventMinutesLaterTheSameDay_CountsOnlyEarlierCyclesWhenAsked(bool earlierCyclesOnly, double expected)
    {
        var echo = new PhaseEcho(floor: 1.5, earlierCyclesOnly: earlierCyclesOnly);
        var t = Synthetic.Start.AddHours(3).Ticks;
        Assert.Equal(5.0, echo.Discount(t, Day, Interval, 5.0), 6);
        Assert.Equal(expected, echo.Discount(t + TimeSpan.FromMinutes(2).Ticks, Day, Interval, 5.0), 2);
    }

    [Fact]
    public void Discount_SameTimeNextDay_IsDiscountedAndOtherTimesAreNot()
    {
        var echo = new PhaseEcho(floor: 1.5, earlierCyclesOnly: true);
        var t = Synthetic.Start.AddHours(3).Ticks;
        echo.Discount(t, Day, Interval, 5.0);
        // Quiet points through the rest of the day, one every 15 seconds.
        for (var q = t + Interval; q < t + Day; q += Interval)
        {
            echo.Discount(q, Day, Interval, 0);
        }
        Assert.Equal(5.0, echo.Discount(t + Day - TimeSpan.FromHours(12).Ticks, Day, Interval, 5.0), 6); // 15:00: news
        var next = echo.Discount(t + Day, Day, Interval, 5.0); // 03:00 the next day: a recurrence
        Assert.True(next < 2, $"the recurrence kept {next:F2} decades");
    }

    [Fact]
    public void WriteRead_EarlierCyclesOnly_RoundTripsAndScoresAlike()
    {
        var a = new PhaseEcho(floor: 3, earlierCyclesOnly: true);
        var t = Synthetic.Start.Ticks;
        var random = new Random(5);
        for (var i = 0; i < 3 * 24 * 60; i++)
        {
            a.Discount(t + (i * TimeSpan.TicksPerMinute), Day, TimeSpan.TicksPerMinute, random.NextDouble() * 6);
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.Write(writer);
        }
        Assert.Equal(a.StateBytes, stream.Length);
        stream.Position = 0;
        var b = new PhaseEcho(floor: 3, earlierCyclesOnly: true);
        using (var reader = new BinaryReader(stream))
        {
            b.Read(reader);
        }
        for (var i = 3 * 24 * 60; i < 4 * 24 * 60; i++)
        {
            var e = random.NextDouble() * 6;
            var ticks = t + (i * TimeSpan.TicksPerMinute);
            Assert.Equal(a.Discount(ticks, Day, TimeSpan.TicksPerMinute, e), b.Discount(ticks, Day, TimeSpan.TicksPerMinute, e));
        }
    }
}
