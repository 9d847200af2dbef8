namespace Vigil.Forecasting.Optimization;

/// <summary>One-dimensional minimisation on an interval: a coarse grid finds the basin, golden-section search refines it.</summary>
internal static class GoldenSection
{
    private static readonly double InverseGolden = (Math.Sqrt(5) - 1) / 2;

    /// <summary>
    /// Minimises <paramref name="objective"/> over the sorted <paramref name="grid"/> points' span: the best grid point
    /// and its two neighbours bracket the search, which then runs <paramref name="iterations"/> golden-section steps
    /// (each shrinks the bracket by 0.618). Returns the best point seen.
    /// </summary>
    public static double Minimize(Func<double, double> objective, ReadOnlySpan<double> grid, int iterations = 20)
    {
        var best = 0;
        var bestValue = double.PositiveInfinity;
        for (var i = 0; i < grid.Length; i++)
        {
            var v = objective(grid[i]);
            if (v < bestValue)
            {
                (best, bestValue) = (i, v);
            }
        }
        var bestX = grid[best];
        var lo = grid[Math.Max(0, best - 1)];
        var hi = grid[Math.Min(grid.Length - 1, best + 1)];
        var x1 = hi - (InverseGolden * (hi - lo));
        var x2 = lo + (InverseGolden * (hi - lo));
        var f1 = objective(x1);
        var f2 = objective(x2);
        for (var i = 0; i < iterations; i++)
        {
            if (f1 <= f2)
            {
                (hi, x2, f2) = (x2, x1, f1);
                x1 = hi - (InverseGolden * (hi - lo));
                f1 = objective(x1);
            }
            else
            {
                (lo, x1, f1) = (x1, x2, f2);
                x2 = lo + (InverseGolden * (hi - lo));
                f2 = objective(x2);
            }
        }
        var (x, f) = f1 <= f2 ? (x1, f1) : (x2, f2);
        return f < bestValue ? x : bestX;
    }
}
