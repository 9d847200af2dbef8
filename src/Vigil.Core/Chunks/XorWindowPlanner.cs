using System.Buffers;
using System.Numerics;

namespace Vigil.Core.Chunks;

/// <summary>
/// Chooses the XOR windows of a whole chunk at once (dynamic programming), instead of Gorilla's greedy "reuse the
/// window while it fits, else fit a new one tightly". The format is unchanged — a window is any (leading, trailing)
/// pair that holds the meaningful bits — so any reader decodes the result.
/// </summary>
internal static class XorWindowPlanner
{
    /// <summary>Longest chunk planned (the decision table takes samples × 2048 bits).</summary>
    public const int MaxSamples = 4096;

    private const int Leads = 32;
    private const int Trails = 64;
    private const int States = Leads * Trails;
    private const int Infinity = int.MaxValue / 2;

    /// <summary>
    /// For each sample i ≥ 1 with a non-zero XOR, the window (lead, trail) to encode it with; (−1, −1) for a zero XOR
    /// or sample 0. The writer reuses the current window when the planned one equals it, else opens the planned one.
    /// </summary>
    public static (sbyte Lead, sbyte Trail)[] Plan(ReadOnlySpan<ulong> values)
    {
        var n = values.Length;
        var plan = new (sbyte, sbyte)[n];
        Array.Fill(plan, ((sbyte)-1, (sbyte)-1));
        if (n < 2)
        {
            return plan;
        }
        var cost = ArrayPool<int>.Shared.Rent(States);
        var next = ArrayPool<int>.Shared.Rent(States);
        // One bit per (sample, window): did the sample open this window (else it reused it)?
        var reset = ArrayPool<ulong>.Shared.Rent(n * (States / 64));
        var resetFrom = ArrayPool<int>.Shared.Rent(n); // the best previous state (−1: no window) when sample i opens one
        try
        {
            cost.AsSpan(0, States).Fill(Infinity);
            reset.AsSpan(0, n * (States / 64)).Clear();
            var noWindowCost = 0; // before the first non-zero XOR there is no window
            var best = 0;
            var bestState = -1;
            for (var i = 1; i < n; i++)
            {
                var xor = values[i] ^ values[i - 1];
                if (xor == 0)
                {
                    // Every live state pays 1 bit; the minimum stays where it was.
                    for (var s = 0; s < States; s++)
                    {
                        cost[s] = cost[s] >= Infinity ? Infinity : cost[s] + 1;
                    }
                    noWindowCost = noWindowCost >= Infinity ? Infinity : noWindowCost + 1;
                    best++;
                    continue;
                }
                var lx = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
                var tx = BitOperations.TrailingZeroCount(xor);
                resetFrom[i] = bestState;
                next.AsSpan(0, States).Fill(Infinity);
                var nextBest = Infinity;
                var nextBestState = -1;
                for (var lead = 0; lead <= lx; lead++)
                {
                    for (var trail = 0; trail <= tx && lead + trail < 64; trail++)
                    {
                        var s = (lead * Trails) + trail;
                        var width = 64 - lead - trail;
                        var reuse = cost[s] >= Infinity ? Infinity : cost[s] + 2 + width;
                        var open = best + 13 + width;
                        int c;
                        if (open < reuse)
                        {
                            c = open;
                            reset[((i * States) + s) >> 6] |= 1UL << (s & 63);
                        }
                        else
                        {
                            c = reuse;
                        }
                        next[s] = c;
                        if (c < nextBest)
                        {
                            nextBest = c;
                            nextBestState = s;
                        }
                    }
                }
                (cost, next) = (next, cost);
                noWindowCost = Infinity;
                best = nextBest;
                bestState = nextBestState;
            }

            // Walk back from the cheapest final window.
            var state = bestState;
            for (var i = n - 1; i >= 1 && state >= 0; i--)
            {
                if (values[i] == values[i - 1])
                {
                    continue;
                }
                plan[i] = ((sbyte)(state / Trails), (sbyte)(state % Trails));
                if ((reset[((i * States) + state) >> 6] & (1UL << (state & 63))) != 0)
                {
                    state = resetFrom[i];
                }
            }
            return plan;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cost);
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<ulong>.Shared.Return(reset);
            ArrayPool<int>.Shared.Return(resetFrom);
        }
    }
}
