using Vigil.Forecasting.Optimization;

namespace Vigil.Forecasting.Tests.Optimization;

public sealed class GoldenSectionTests
{
    [Theory]
    [InlineData(0.0001)]
    [InlineData(0.137)]
    [InlineData(0.6)]
    [InlineData(0.9999)]
    public void Minimize_FindsTheMinimumOfAParabolaAnywhereOnTheGrid(double target)
    {
        double[] grid = [0.0001, 0.05, 0.2, 0.5, 0.8, 0.9999];
        var x = GoldenSection.Minimize(a => (a - target) * (a - target), grid, iterations: 30);
        Assert.Equal(target, x, 4);
    }

    [Fact]
    public void Minimize_TwoBasins_TakesTheOneTheGridFinds()
    {
        double[] grid = [0, 0.25, 0.5, 0.75, 1];
        // Local minimum near 0.2 (value 1) and the global one near 0.8 (value 0).
        var x = GoldenSection.Minimize(a => Math.Min(1 + (10 * (a - 0.2) * (a - 0.2)), 10 * (a - 0.8) * (a - 0.8)), grid);
        Assert.Equal(0.8, x, 3);
    }
}
