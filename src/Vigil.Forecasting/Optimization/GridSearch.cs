using System.Runtime.Intrinsics;

namespace Vigil.Forecasting.Optimization;

/// <summary>
/// One-dimensional minimisation four points at a time: an objective that evaluates four arguments in one pass (one
/// per SIMD lane) costs about as much as a scalar one when its loop is latency-bound, as exponential smoothing's
/// recursion is. A coarse grid finds the basin; each refinement then evaluates four evenly spaced points of the
/// bracket around the best point so far and shrinks the bracket to 2/5 of its width.
/// </summary>
internal static class GridSearch
{
    /// <summary>Minimises <paramref name="objective"/>; returns the best argument seen.</summary>
    /// <param name="objective">Evaluates four arguments at once (non-finite results count as worse than any finite one).</param>
    /// <param name="grid">Ascending starting points, a multiple of four of them.</param>
    /// <param name="refinements">How many bracket-shrinking passes follow the grid.</param>
    public static double Minimize(Func<Vector256<double>, Vector256<double>> objective, ReadOnlySpan<double> grid, int refinements)
    {
        if (grid.Length == 0 || grid.Length % 4 != 0)
        {
            throw new ArgumentException("The grid must hold a positive multiple of four points.", nameof(grid));
        }
        var bestX = grid[0];
        var bestValue = double.PositiveInfinity;
        var bestIndex = 0;
        for (var i = 0; i < grid.Length; i += 4)
        {
            var values = objective(Vector256.Create(grid.Slice(i, 4)));
            for (var k = 0; k < 4; k++)
            {
                if (values[k] < bestValue)
                {
                    (bestValue, bestX, bestIndex) = (values[k], grid[i + k], i + k);
                }
            }
        }
        var lo = grid[Math.Max(0, bestIndex - 1)];
        var hi = grid[Math.Min(grid.Length - 1, bestIndex + 1)];
        for (var r = 0; r < refinements; r++)
        {
            var step = (hi - lo) / 5;
            var xs = Vector256.Create(lo + step, lo + (2 * step), lo + (3 * step), lo + (4 * step));
            var values = objective(xs);
            for (var k = 0; k < 4; k++)
            {
                if (values[k] < bestValue)
                {
                    (bestValue, bestX) = (values[k], xs[k]);
                }
            }
            lo = Math.Max(lo, bestX - step);
            hi = Math.Min(hi, bestX + step);
        }
        return bestX;
    }
}
