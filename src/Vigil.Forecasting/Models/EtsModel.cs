using System.Runtime.Intrinsics;
using Vigil.Forecasting.Optimization;
using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Models;

/// <summary>
/// A fitted ETS model. The state recursions are those of Hyndman et al. (2008) as coded in R's forecast package
/// (<c>etscalc</c>): the same smoothing updates for both error types, which differ in the likelihood only.
/// Smoothing parameters, damping and the initial level and slope are estimated by maximum likelihood
/// (Nelder–Mead); initial seasonal states come from a classical decomposition of the first cycles.
/// </summary>
internal sealed class EtsModel
{
    private const double MinSmoothing = 1e-4;
    private const double MinPhi = 0.8;
    private const double MaxPhi = 0.98;

    private readonly double[] _finalSeason;

    private EtsModel(EtsSpec spec, int period, double alpha, double beta, double gamma, double phi, double level, double slope, double[] finalSeason, double sigma2, double logLikelihood, int parameterCount, int n)
    {
        Spec = spec;
        Period = period;
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        Phi = phi;
        Level = level;
        Slope = slope;
        _finalSeason = finalSeason;
        Sigma2 = sigma2;
        LogLikelihood = logLikelihood;
        ParameterCount = parameterCount;
        Aicc = ComputeAicc(logLikelihood, parameterCount + 1, n);
    }

    public EtsSpec Spec { get; }

    public int Period { get; }

    public double Alpha { get; }

    public double Beta { get; }

    public double Gamma { get; }

    public double Phi { get; }

    /// <summary>The level after the last observation.</summary>
    public double Level { get; }

    /// <summary>The slope after the last observation.</summary>
    public double Slope { get; }

    /// <summary>Variance of the one-step errors (relative errors for multiplicative-error models).</summary>
    public double Sigma2 { get; }

    public double LogLikelihood { get; }

    public int ParameterCount { get; }

    public double Aicc { get; }

    /// <summary>Fits <paramref name="spec"/> to <paramref name="y"/>; null when the model does not apply (e.g. multiplicative on non-positive data, or too few points).</summary>
    public static EtsModel? Fit(ReadOnlySpan<double> y, EtsSpec spec, int period)
    {
        var n = y.Length;
        var seasonal = spec.Season != EtsSeason.None;
        var multiplicative = spec.Error == EtsError.Multiplicative || spec.Season == EtsSeason.Multiplicative;
        if (seasonal && (period < 2 || n < 2 * period + 2))
        {
            return null;
        }
        if (multiplicative)
        {
            foreach (var v in y)
            {
                if (v <= 0)
                {
                    return null;
                }
            }
        }
        var hasTrend = spec.Trend != EtsTrend.None;
        var damped = spec.Trend == EtsTrend.Damped;
        var k = 1 + (hasTrend ? 1 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0) + 1 + (hasTrend ? 1 : 0);
        if (n <= k + 2)
        {
            return null;
        }
        if (!seasonal && spec.Error == EtsError.Additive)
        {
            return FitConcentrated(y, spec, k);
        }

        var m = seasonal ? period : 1;
        var initialSeason = seasonal ? InitialSeason(y, period, spec.Season == EtsSeason.Multiplicative) : [];
        var (level0, slope0) = InitialLevelAndSlope(y, initialSeason, spec.Season);

        // Parameter vector: alpha, [beta], [gamma], [phi], l0, [b0].
        var start = new List<double> { 0.1 };
        var steps = new List<double> { 0.05 };
        if (hasTrend)
        {
            start.Add(0.01);
            steps.Add(0.005);
        }
        if (seasonal)
        {
            start.Add(0.01);
            steps.Add(0.005);
        }
        if (damped)
        {
            start.Add(0.95);
            steps.Add(0.01);
        }
        var scale = Scale(y);
        start.Add(level0);
        steps.Add(0.1 * scale);
        if (hasTrend)
        {
            start.Add(slope0);
            steps.Add(0.01 * scale);
        }

        var data = y.ToArray();
        var state = new double[m];
        double Objective(double[] p)
        {
            var (alpha, beta, gamma, phi, l0, b0) = Unpack(p, hasTrend, seasonal, damped);
            if (!Feasible(alpha, beta, gamma, phi, hasTrend, seasonal))
            {
                return double.PositiveInfinity;
            }
            Array.Copy(initialSeason, state, initialSeason.Length);
            var r = Run(data, spec, m, alpha, beta, gamma, phi, l0, b0, state);
            return r.Lik;
        }

        // Tolerance 1e-5 on the likelihood: 1e-7 cost 20% more CPU on M4 Hourly for 0.001 OWA.
        var (best, _) = NelderMead.Minimize(Objective, [.. start], [.. steps], maxEvaluations: 150 * start.Count, tolerance: 1e-5);
        var (a, b, g, ph, l, s0) = Unpack(best, hasTrend, seasonal, damped);
        var finalSeason = new double[m];
        Array.Copy(initialSeason, finalSeason, initialSeason.Length);
        var run = Run(data, spec, m, a, b, g, ph, l, s0, finalSeason);
        if (double.IsInfinity(run.Lik) || double.IsNaN(run.Lik))
        {
            return null;
        }
        var sigma2 = run.Sse / Math.Max(1, n - k);
        return new EtsModel(spec, m, a, b, g, ph, run.Level, run.Slope, finalSeason, sigma2, -0.5 * run.Lik, k, n);
    }

    /// <summary>Smoothing parameters tried first for a level-only model; the best and its neighbours bracket the search.</summary>
    private static readonly double[] AlphaGrid = [MinSmoothing, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8, 1 - MinSmoothing];

    /// <summary>Refinements of α after the grid: the bracket shrinks to (2/5)^8 ≈ 7·10⁻⁴ of its width.</summary>
    private const int AlphaRefinements = 8;

    /// <summary>
    /// Additive-error, non-seasonal forms: the one-step errors are linear in the initial level and slope for fixed
    /// smoothing parameters, so those two are solved exactly by least squares inside the objective ("concentrated"
    /// likelihood) and only α (golden section), or α, β and φ (Nelder–Mead), are searched. Same maximum as the joint
    /// search over all parameters, at a fraction of its cost (M4 Hourly: the joint 4-parameter Holt search was the
    /// largest single cost of the default method).
    /// </summary>
    private static EtsModel? FitConcentrated(ReadOnlySpan<double> y, EtsSpec spec, int k)
    {
        var n = y.Length;
        var data = y.ToArray();
        var hasTrend = spec.Trend != EtsTrend.None;
        var damped = spec.Trend == EtsTrend.Damped;
        // The least-squares solve corrects a first guess, which keeps the sums small and the subtraction exact.
        var (level0, slope0) = InitialLevelAndSlope(y, [], EtsSeason.None);
        if (!hasTrend)
        {
            slope0 = 0;
        }
        double alpha, beta = 0, phi = 1;
        if (!hasTrend)
        {
            alpha = GridSearch.Minimize(a => ConcentratedLevel(data, a, level0), AlphaGrid, AlphaRefinements);
        }
        else
        {
            double Objective(double[] p)
            {
                var ph = damped ? p[2] : 1;
                return Feasible(p[0], p[1], 0, ph, true, false)
                    ? Concentrated(data, p[0], p[1], ph, true, level0, slope0).Sse
                    : double.PositiveInfinity;
            }
            double[] start = damped ? [0.1, 0.01, 0.95] : [0.1, 0.01];
            double[] steps = damped ? [0.05, 0.005, 0.01] : [0.05, 0.005];
            var (best, _) = NelderMead.Minimize(Objective, start, steps, maxEvaluations: 100 * start.Length, tolerance: 1e-6);
            (alpha, beta, phi) = (best[0], best[1], damped ? best[2] : 1);
        }
        var solved = Concentrated(data, alpha, beta, phi, hasTrend, level0, slope0);
        var finalSeason = new double[1];
        var run = Run(data, spec, 1, alpha, beta, 0, phi, solved.Level0, solved.Slope0, finalSeason);
        if (!double.IsFinite(run.Lik))
        {
            return null;
        }
        var sigma2 = run.Sse / Math.Max(1, n - k);
        return new EtsModel(spec, 1, alpha, beta, 0, phi, run.Level, run.Slope, finalSeason, sigma2, -0.5 * run.Lik, k, n);
    }

    /// <summary>
    /// The concentrated sum of squared one-step errors of ETS(A,N,N) for four smoothing parameters at once (one per
    /// SIMD lane): the recursion is latency-bound, so four lanes cost about what one does.
    /// </summary>
    private static Vector256<double> ConcentratedLevel(double[] y, Vector256<double> alpha, double level0)
    {
        var l = Vector256.Create(level0);
        var la = Vector256<double>.One;
        var s00 = Vector256<double>.Zero;
        var s0a = Vector256<double>.Zero;
        var saa = Vector256<double>.Zero;
        var keep = Vector256<double>.One - alpha;
        foreach (var v in y)
        {
            var e0 = Vector256.Create(v) - l;
            s00 += e0 * e0;
            s0a -= e0 * la;
            saa += la * la;
            l += alpha * e0;
            la *= keep;
        }
        // Σ(e₀ − δ·la)² is least at δ = −s0a/saa (s0a holds −Σe₀·la), leaving s00 − s0a²/saa.
        var sse = s00 - (s0a * s0a / saa);
        return Vector256.Max(sse, Vector256<double>.Zero);
    }

    private readonly record struct ConcentratedFit(double Sse, double Level0, double Slope0);

    /// <summary>
    /// One pass of the recursions from the guessed initial state and, alongside, from unit initial level and slope
    /// with no data: the errors are e = e₀ + δl·eₗ + δb·e_b, and the corrections δl, δb minimise Σe² in closed form.
    /// </summary>
    private static ConcentratedFit Concentrated(double[] y, double alpha, double beta, double phi, bool hasTrend, double level0, double slope0)
    {
        double l = level0, b = slope0;
        double la = 1, ba = 0, lb = 0, bb = 1;
        double s00 = 0, s0a = 0, s0b = 0, saa = 0, sab = 0, sbb = 0;
        if (!hasTrend)
        {
            for (var t = 0; t < y.Length; t++)
            {
                var e0 = y[t] - l;
                var ea = -la;
                s00 += e0 * e0;
                s0a += e0 * ea;
                saa += ea * ea;
                l += alpha * e0;
                la += alpha * ea;
            }
            var dl = saa > 0 ? -s0a / saa : 0;
            return new ConcentratedFit(Math.Max(0, s00 + (dl * s0a)), level0 + dl, 0);
        }
        for (var t = 0; t < y.Length; t++)
        {
            var f0 = l + (phi * b);
            var fa = la + (phi * ba);
            var fb = lb + (phi * bb);
            var e0 = y[t] - f0;
            s00 += e0 * e0;
            s0a -= e0 * fa;
            s0b -= e0 * fb;
            saa += fa * fa;
            sab += fa * fb;
            sbb += fb * fb;
            l = f0 + (alpha * e0);
            b = (phi * b) + (beta * e0);
            la = fa - (alpha * fa);
            ba = (phi * ba) - (beta * fa);
            lb = fb - (alpha * fb);
            bb = (phi * bb) - (beta * fb);
        }
        var det = (saa * sbb) - (sab * sab);
        double dLevel, dSlope;
        if (det > 1e-12 * saa * sbb)
        {
            dLevel = -((sbb * s0a) - (sab * s0b)) / det;
            dSlope = -((saa * s0b) - (sab * s0a)) / det;
        }
        else
        {
            dLevel = saa > 0 ? -s0a / saa : 0;
            dSlope = 0;
        }
        var sse = s00 + (dLevel * s0a) + (dSlope * s0b);
        return new ConcentratedFit(Math.Max(0, sse), level0 + dLevel, slope0 + dSlope);
    }

    /// <summary>Point forecasts and error standard deviations (analytical for additive errors; approximate otherwise).</summary>
    public ModelForecast Forecast(int horizon)
    {
        var mean = new double[horizon];
        var sd = new double[horizon];
        var m = Period;
        var phiSum = 0.0;
        var phiPow = 1.0;
        var cumulative = 0.0;
        for (var h = 1; h <= horizon; h++)
        {
            double trendPart;
            switch (Spec.Trend)
            {
                case EtsTrend.None:
                    trendPart = 0;
                    break;
                case EtsTrend.Additive:
                    trendPart = h * Slope;
                    break;
                default:
                    phiPow *= Phi;
                    phiSum += phiPow;
                    trendPart = phiSum * Slope;
                    break;
            }
            var baseline = Level + trendPart;
            // _finalSeason[m-1] is the state for the next step; the ring rotates by one each step.
            var season = Spec.Season == EtsSeason.None ? 0 : _finalSeason[m - 1 - ((h - 1) % m)];
            mean[h - 1] = Spec.Season switch
            {
                EtsSeason.Additive => baseline + season,
                EtsSeason.Multiplicative => baseline * season,
                _ => baseline,
            };

            // Var(h) = sigma2 (1 + sum_{j<h} c_j^2), c_j = alpha + beta·(damped sum) + gamma·[j mod m == 0].
            var sigma = Math.Sqrt(Sigma2 * (1 + cumulative));
            sd[h - 1] = Spec.Error == EtsError.Additive ? sigma : sigma * Math.Abs(mean[h - 1]);
            var j = h;
            var c = Alpha + Spec.Trend switch
            {
                EtsTrend.None => 0,
                EtsTrend.Additive => Beta * j,
                _ => Beta * Phi * (1 - Math.Pow(Phi, j)) / (1 - Phi),
            };
            if (Spec.Season != EtsSeason.None && j % m == 0)
            {
                c += Gamma;
            }
            cumulative += c * c;
        }
        return new ModelForecast(mean, sd);
    }

    private static (double Alpha, double Beta, double Gamma, double Phi, double L0, double B0) Unpack(double[] p, bool hasTrend, bool seasonal, bool damped)
    {
        var i = 0;
        var alpha = p[i++];
        var beta = hasTrend ? p[i++] : 0;
        var gamma = seasonal ? p[i++] : 0;
        var phi = damped ? p[i++] : 1;
        var l0 = p[i++];
        var b0 = hasTrend ? p[i] : 0;
        return (alpha, beta, gamma, phi, l0, b0);
    }

    private static bool Feasible(double alpha, double beta, double gamma, double phi, bool hasTrend, bool seasonal) =>
        alpha >= MinSmoothing && alpha <= 1 - MinSmoothing
        && (!hasTrend || (beta >= MinSmoothing && beta <= alpha))
        && (!seasonal || (gamma >= MinSmoothing && gamma <= 1 - alpha))
        && (phi == 1 || (phi >= MinPhi && phi <= MaxPhi));

    private readonly record struct RunResult(double Lik, double Sse, double Level, double Slope);

    /// <summary>Runs the recursions over <paramref name="y"/>; <paramref name="season"/> holds the initial seasonal states and ends with the final ones (index m-1 = next step).</summary>
    private static RunResult Run(double[] y, EtsSpec spec, int m, double alpha, double beta, double gamma, double phi, double level, double slope, double[] season)
    {
        var sse = 0.0;
        var logSum = 0.0;
        var seasonal = spec.Season != EtsSeason.None;
        var addSeason = spec.Season == EtsSeason.Additive;
        var hasTrend = spec.Trend != EtsTrend.None;
        var multError = spec.Error == EtsError.Multiplicative;
        var betaOverAlpha = beta / alpha;

        // The seasonal states as a ring: ring[(pos + k) % m] is the state used k steps from now. Reading and writing
        // in place replaces etscalc's shift of all m states per step (m = 24: 4× faster fits).
        Span<double> ring = m <= 256 ? stackalloc double[m] : new double[m];
        for (var k = 0; k < m; k++)
        {
            ring[k] = season[m - 1 - k];
        }
        var pos = 0;
        for (var t = 0; t < y.Length; t++)
        {
            var phib = hasTrend ? phi * slope : 0;
            var q = level + phib;
            var s = seasonal ? ring[pos] : 0;
            var f = !seasonal ? q : addSeason ? q + s : q * s;
            var e = multError ? (y[t] - f) / f : y[t] - f;
            if (multError)
            {
                if (f <= 0)
                {
                    return new RunResult(double.PositiveInfinity, double.PositiveInfinity, level, slope);
                }
                logSum += Math.Log(f);
            }
            sse += e * e;

            var p = !seasonal ? y[t] : addSeason ? y[t] - s : y[t] / s;
            var newLevel = q + (alpha * (p - q));
            if (hasTrend)
            {
                slope = phib + (betaOverAlpha * (newLevel - level - phib));
            }
            if (seasonal)
            {
                var target = addSeason ? y[t] - q : y[t] / q;
                ring[pos] = s + (gamma * (target - s));
                pos = pos + 1 == m ? 0 : pos + 1;
            }
            level = newLevel;
        }
        for (var k = 0; k < m; k++)
        {
            season[m - 1 - k] = ring[(pos + k) % m];
        }
        var n = y.Length;
        // A perfect fit (a noiseless line) must stay comparable rather than become -∞ and be discarded.
        var lik = (n * Math.Log(Math.Max(sse, 1e-300))) + (2 * logSum);
        return new RunResult(lik, sse, level, slope);
    }

    private static double[] InitialSeason(ReadOnlySpan<double> y, int period, bool multiplicative)
    {
        // Figure from the first (up to) four cycles; state index m-1 holds the phase of the first observation.
        var cycles = Math.Min(4, y.Length / period);
        var figure = ClassicalDecomposition.SeasonalFigure(y[..(cycles * period)], period, multiplicative);
        var state = new double[period];
        for (var j = 0; j < period; j++)
        {
            state[period - 1 - j] = figure[j];
        }
        return state;
    }

    private static (double Level, double Slope) InitialLevelAndSlope(ReadOnlySpan<double> y, double[] seasonState, EtsSeason season)
    {
        var m = seasonState.Length;
        var count = Math.Min(y.Length, Math.Max(10, 2 * m));
        var adjusted = new double[count];
        for (var t = 0; t < count; t++)
        {
            var s = m == 0 ? 0 : seasonState[m - 1 - (t % m)];
            adjusted[t] = season switch
            {
                EtsSeason.Additive => y[t] - s,
                EtsSeason.Multiplicative => y[t] / s,
                _ => y[t],
            };
        }
        var (intercept, slope) = LinearFit.Fit(adjusted);
        return (intercept, slope);
    }

    private static double Scale(ReadOnlySpan<double> y)
    {
        var mean = 0.0;
        foreach (var v in y)
        {
            mean += Math.Abs(v);
        }
        mean /= y.Length;
        return mean > 0 ? mean : 1;
    }

    private static double ComputeAicc(double logLikelihood, int k, int n) =>
        n - k - 1 > 0 ? (-2 * logLikelihood) + (2 * k) + (2.0 * k * (k + 1) / (n - k - 1)) : double.PositiveInfinity;
}
