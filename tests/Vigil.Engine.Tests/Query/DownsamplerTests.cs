using Vigil.Core.Series;
using Vigil.Engine.Query;

namespace Vigil.Engine.Tests.Query;

public sealed class DownsamplerTests
{
    private static readonly Sample[] Samples =
    [
        new(1_000, 1), new(2_000, 5), new(3_000, 3), new(4_000, double.NaN), new(5_000, 7), new(9_000, 2),
    ];

    [Theory]
    [InlineData(Aggregation.Avg, new[] { 3.0, 7.0, 2.0 })]
    [InlineData(Aggregation.Min, new[] { 1.0, 7.0, 2.0 })]
    [InlineData(Aggregation.Max, new[] { 5.0, 7.0, 2.0 })]
    [InlineData(Aggregation.Last, new[] { 3.0, 7.0, 2.0 })]
    public void Apply_ReducesEachStepAndSkipsEmptyOnesAndNaN(Aggregation aggregation, double[] expected)
    {
        // Steps end at 3 s, 6 s, 9 s, 12 s: (0,3], (3,6], (6,9], (9,12].
        var points = Downsampler.Apply(Samples, 3_000, 12_000, 3_000, aggregation);

        Assert.Equal([3_000L, 6_000L, 9_000L], points.Select(p => p.TimestampMs));
        Assert.Equal(expected, points.Select(p => p.Value));
    }

    [Fact]
    public void Apply_NonPositiveStep_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Downsampler.Apply(Samples, 0, 1, 0, Aggregation.Avg));
}
