using System.Runtime.Intrinsics;
using Vigil.Forecasting.Optimization;

namespace Vigil.Forecasting.Tests.Optimization;

public sealed class GridSearchTests
{
    private static readonly double[] Grid = [0.0001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9, 0.9999];

    [Theory]
    [InlineData(0.0001)]
    [InlineData(0.137)]
    [InlineData(0.6)]
    [InlineData(0.9999)]
    public void Minimize_FindsTheMinimumOfAParabolaAnywhereOnTheGrid(double target)
    {
        var t = Vector256.Create(target);
        var x = GridSearch.Minimize(a => (a - t) * (a - t), Grid, refinements: 12);
        Assert.Equal(target, x, 4);
    }

    [Fact]
    public void Minimize_TwoBasins_TakesTheOneTheGridFinds()
    {
        // Local minimum at 0.2 (value 1) and the global one at 0.75 (value 0).
        static Vector256<double> F(Vector256<double> a) => Vector256.Min(
            Vector256.Create(1.0) + (Vector256.Create(10.0) * (a - Vector256.Create(0.2)) * (a - Vector256.Create(0.2))),
            Vector256.Create(10.0) * (a - Vector256.Create(0.75)) * (a - Vector256.Create(0.75)));
        Assert.Equal(0.75, GridSearch.Minimize(F, Grid, refinements: 12), 3);
    }

    [Fact]
    public void Minimize_GridNotAMultipleOfFour_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => GridSearch.Minimize(a => a, [0.1, 0.2, 0.3], 1));
        Assert.Contains("multiple of four", e.Message, StringComparison.Ordinal);
    }
}
