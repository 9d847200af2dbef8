using Vigil.Detection.Feedback;

namespace Vigil.Detection.Tests.Feedback;

public sealed class FeedbackFilterTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan HalfLife = TimeSpan.FromDays(14);

    [Fact]
    public void Deviation_IsSignedAndInHalfWidthsOfTheSideItFallsOn()
    {
        var result = new DetectionResult(0.9, Expected: 100, Lower: 96, Upper: 110);
        Assert.Equal(2.0, FeedbackFilter.Deviation(120, result), 12);
        Assert.Equal(-1.5, FeedbackFilter.Deviation(94, result), 12);
        Assert.Equal(0.0, FeedbackFilter.Deviation(100, result), 12);
    }

    [Fact]
    public void Deviation_OfAFlatBand_IsLargeButFinite()
    {
        var deviation = FeedbackFilter.Deviation(101, new DetectionResult(1, 100, 100, 100));
        Assert.True(double.IsFinite(deviation) && deviation > 1000);
    }

    [Fact]
    public void Nothing_QuietsNothing()
    {
        var filter = new FeedbackFilter(HalfLife);
        Assert.False(filter.Quiets(3, T0));
        Assert.False(filter.Quiets(-3, T0));
    }

    [Fact]
    public void FalsePositive_QuietsTheLikeOfIt_InItsDirectionOnly()
    {
        var filter = new FeedbackFilter(HalfLife);
        filter.MarkFalsePositive(10, T0);

        Assert.True(filter.Quiets(10, T0));
        Assert.True(filter.Quiets(14.9, T0)); // within 50% beyond it
        Assert.False(filter.Quiets(15.1, T0)); // clearly larger: still alerts
        Assert.False(filter.Quiets(-10, T0)); // a drop is another pattern
    }

    [Fact]
    public void FalsePositive_FadesWithTheHalfLife()
    {
        var filter = new FeedbackFilter(HalfLife);
        filter.MarkFalsePositive(-8, T0); // quiet down to −12

        Assert.True(filter.Quiets(-11, T0 + TimeSpan.FromDays(1)));
        Assert.Equal(6, filter.QuietLevels(T0 + HalfLife).Down, 9);
        Assert.False(filter.Quiets(-11, T0 + HalfLife));
        Assert.True(filter.Quiets(-5, T0 + HalfLife));
        Assert.Equal(0, filter.QuietLevels(T0).Up);
    }

    [Fact]
    public void FalsePositives_KeepTheHigherLevel()
    {
        var filter = new FeedbackFilter(HalfLife);
        filter.MarkFalsePositive(10, T0);
        filter.MarkFalsePositive(4, T0 + TimeSpan.FromHours(1));
        Assert.True(filter.Quiets(14, T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Confirmation_WinsOverFalsePositives_BeforeAndAfter()
    {
        var filter = new FeedbackFilter(HalfLife);
        filter.MarkFalsePositive(10, T0);
        filter.Confirm(8);
        Assert.True(filter.Quiets(7.9, T0));
        Assert.False(filter.Quiets(8, T0));
        Assert.False(filter.Quiets(12, T0));

        filter.MarkFalsePositive(20, T0 + TimeSpan.FromMinutes(5));
        Assert.False(filter.Quiets(9, T0 + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Arguments_AreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedbackFilter(TimeSpan.Zero));
        var filter = new FeedbackFilter(HalfLife);
        Assert.Throws<ArgumentOutOfRangeException>(() => filter.MarkFalsePositive(double.NaN, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => filter.Confirm(double.PositiveInfinity));
        Assert.False(filter.Quiets(double.NaN, T0));
    }
}
