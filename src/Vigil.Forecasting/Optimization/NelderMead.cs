namespace Vigil.Forecasting.Optimization;

/// <summary>Derivative-free minimisation by the Nelder–Mead simplex method (standard coefficients 1, 2, ½, ½).</summary>
internal static class NelderMead
{
    /// <summary>Minimises <paramref name="objective"/> from <paramref name="start"/>; returns the best point and its value.</summary>
    /// <param name="objective">The function to minimise; return <see cref="double.PositiveInfinity"/> outside the feasible region.</param>
    /// <param name="start">The starting point (must be feasible).</param>
    /// <param name="steps">The initial simplex edge along each coordinate.</param>
    /// <param name="maxEvaluations">The evaluation budget.</param>
    /// <param name="tolerance">Stop when the simplex's values differ by less than this (relative).</param>
    public static (double[] Point, double Value) Minimize(Func<double[], double> objective, double[] start, double[] steps, int maxEvaluations = 400, double tolerance = 1e-7)
    {
        var dim = start.Length;
        var simplex = new double[dim + 1][];
        var values = new double[dim + 1];
        simplex[0] = (double[])start.Clone();
        values[0] = objective(simplex[0]);
        var evaluations = 1;
        for (var i = 0; i < dim; i++)
        {
            var p = (double[])start.Clone();
            p[i] += steps[i];
            var v = objective(p);
            evaluations++;
            if (double.IsPositiveInfinity(v))
            {
                p[i] = start[i] - steps[i];
                v = objective(p);
                evaluations++;
            }
            simplex[i + 1] = p;
            values[i + 1] = v;
        }

        var order = new int[dim + 1];
        var centroid = new double[dim];
        var trial = new double[dim];
        var trial2 = new double[dim];
        while (evaluations < maxEvaluations)
        {
            for (var i = 0; i <= dim; i++)
            {
                order[i] = i;
            }
            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int best = order[0], worst = order[dim], second = order[dim - 1];
            if (Math.Abs(values[worst] - values[best]) <= tolerance * (Math.Abs(values[best]) + 1e-12))
            {
                break;
            }

            Array.Clear(centroid);
            for (var i = 0; i <= dim; i++)
            {
                if (i == worst)
                {
                    continue;
                }
                for (var d = 0; d < dim; d++)
                {
                    centroid[d] += simplex[i][d] / dim;
                }
            }

            for (var d = 0; d < dim; d++)
            {
                trial[d] = centroid[d] + (centroid[d] - simplex[worst][d]);
            }
            var reflected = objective(trial);
            evaluations++;
            if (reflected < values[best])
            {
                for (var d = 0; d < dim; d++)
                {
                    trial2[d] = centroid[d] + (2 * (centroid[d] - simplex[worst][d]));
                }
                var expanded = objective(trial2);
                evaluations++;
                if (expanded < reflected)
                {
                    Replace(simplex, values, worst, trial2, expanded);
                }
                else
                {
                    Replace(simplex, values, worst, trial, reflected);
                }
                continue;
            }
            if (reflected < values[second])
            {
                Replace(simplex, values, worst, trial, reflected);
                continue;
            }

            var outside = reflected < values[worst];
            for (var d = 0; d < dim; d++)
            {
                trial2[d] = outside
                    ? centroid[d] + (0.5 * (trial[d] - centroid[d]))
                    : centroid[d] + (0.5 * (simplex[worst][d] - centroid[d]));
            }
            var contracted = objective(trial2);
            evaluations++;
            if (contracted < Math.Min(reflected, values[worst]))
            {
                Replace(simplex, values, worst, trial2, contracted);
                continue;
            }

            // Shrink towards the best point.
            for (var i = 0; i <= dim; i++)
            {
                if (i == best)
                {
                    continue;
                }
                for (var d = 0; d < dim; d++)
                {
                    simplex[i][d] = simplex[best][d] + (0.5 * (simplex[i][d] - simplex[best][d]));
                }
                values[i] = objective(simplex[i]);
                evaluations++;
            }
        }

        var argBest = 0;
        for (var i = 1; i <= dim; i++)
        {
            if (values[i] < values[argBest])
            {
                argBest = i;
            }
        }
        return (simplex[argBest], values[argBest]);
    }

    private static void Replace(double[][] simplex, double[] values, int index, double[] point, double value)
    {
        Array.Copy(point, simplex[index], point.Length);
        values[index] = value;
    }
}
