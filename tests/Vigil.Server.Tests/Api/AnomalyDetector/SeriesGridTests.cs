using Vigil.Server.Api.AnomalyDetector;

namespace Vigil.Server.Tests.Api.AnomalyDetector;

public sealed class SeriesGridTests
{
    private static readonly DateTimeOffset Jan31 = new(2023, 1, 31, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Step_MonthlyFromJan31_CountsFromTheStartSoMonthsDoNotDrift()
    {
        Assert.Equal(new DateTimeOffset(2023, 2, 28, 0, 0, 0, TimeSpan.Zero), SeriesGrid.Step(Jan31, TimeGranularity.Monthly, 1, 1));
        Assert.Equal(new DateTimeOffset(2023, 3, 31, 0, 0, 0, TimeSpan.Zero), SeriesGrid.Step(Jan31, TimeGranularity.Monthly, 1, 2));
    }

    [Fact]
    public void TryBuild_TwoMissingFiveMinutePoints_FilledLinearlyAndInputsMapped()
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, double)[] points = [(t0, 10), (t0.AddMinutes(5), 20), (t0.AddMinutes(20), 50)];

        Assert.True(SeriesGrid.TryBuild(points, TimeGranularity.Minutely, 5, ImputeMode.Auto, 0, 100, out var grid, out _));

        Assert.Equal([10, 20, 30, 40, 50], grid.Values);
        Assert.Equal([0, 1, 4], grid.GridIndexOfInput);
    }

    [Theory]
    [InlineData("previous", 20)]
    [InlineData("zero", 0)]
    [InlineData("fixed", 7)]
    public void TryBuild_ImputeMode_FillsTheGap(string modeName, double filled)
    {
        Assert.True(SeriesGrid.TryParseImputeMode(modeName, out var mode));
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, double)[] points = [(t0, 10), (t0.AddHours(1), 20), (t0.AddHours(3), 50)];

        Assert.True(SeriesGrid.TryBuild(points, TimeGranularity.Hourly, 1, mode, 7, 100, out var grid, out _));

        Assert.Equal([10, 20, filled, 50], grid.Values);
    }

    [Fact]
    public void TryBuild_OffTheGrid_FailsNamingThePoint()
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, double)[] points = [(t0, 1), (t0.AddMinutes(5), 2), (t0.AddMinutes(12), 3)];

        Assert.False(SeriesGrid.TryBuild(points, TimeGranularity.Minutely, 5, ImputeMode.Auto, 0, 100, out _, out var error));

        Assert.StartsWith("series[2]", error, StringComparison.Ordinal);
    }
}
