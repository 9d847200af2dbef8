using System.Collections.Immutable;
using System.Globalization;
using Vigil.Simulation.Fleet;

namespace Vigil.Simulation.Faults;

/// <summary>
/// Schedules faults one after another (no two overlap) and works out how each spreads: from the root up the call
/// graph to its callers, each hop delayed by the call's <see cref="FleetCall.Delay"/> and attenuated by its
/// <see cref="FleetCall.Coupling"/>, as far as the attenuated strength stays at or above
/// <see cref="FaultPlanOptions.MinImpact"/>. Memory leaks and disk fills stay local.
/// </summary>
public static class FaultPlanner
{
    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();

    /// <summary>The faults; the same fleet, options and seed give the same plan.</summary>
    public static ImmutableArray<InjectedFault> Plan(FleetModel fleet, FaultPlanOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(seed);
        var result = ImmutableArray.CreateBuilder<InjectedFault>(options.Count);
        var order = new List<FaultKind>();
        var start = options.FirstStart;
        for (var i = 0; i < options.Count; i++)
        {
            if (order.Count == 0)
            {
                // Every kind once per round, in a shuffled order: a plan of 7 faults holds each kind.
                order.AddRange(Kinds);
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
            }
            var kind = order[^1];
            order.RemoveAt(order.Count - 1);
            if (i == 0 && options.FirstKind is { } first)
            {
                order.Add(kind);
                order.Remove(first);
                kind = first;
            }
            var fault = Make(fleet, options, random, i + 1, kind, start);
            result.Add(fault);
            var gap = options.MinGap + TimeSpan.FromSeconds(random.NextDouble() * (options.MaxGap - options.MinGap).TotalSeconds);
            start = fault.Truth.End + gap;
        }
        return result.MoveToImmutable();
    }

    /// <summary>How strongly a kind's degradation travels to callers (1: fully; 0: stays local).</summary>
    public static double Spread(FaultKind kind) => kind switch
    {
        FaultKind.Latency or FaultKind.ErrorBurst or FaultKind.DependencyOutage => 1,
        FaultKind.CpuHog or FaultKind.BadDeploy => 0.8,
        _ => 0,
    };

    private static InjectedFault Make(FleetModel fleet, FaultPlanOptions options, Random random, int number, FaultKind kind, DateTimeOffset start)
    {
        var candidates = fleet.Services.Where(s => kind switch
        {
            FaultKind.DependencyOutage => s.Tier == ServiceTier.Datastore,
            FaultKind.DiskFill => s.Tier is ServiceTier.Datastore or ServiceTier.Backend,
            _ => s.Tier != ServiceTier.Edge,
        }).ToList();
        var root = candidates[random.Next(candidates.Count)];
        var duration = kind is FaultKind.MemoryLeak or FaultKind.DiskFill ? options.Duration * 2 : options.Duration;
        duration = TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds * (0.8 + (random.NextDouble() * 0.4))));
        var magnitude = 0.6 + (random.NextDouble() * 0.4);

        var impacts = new Dictionary<string, FaultImpact>(StringComparer.Ordinal) { [root.Name] = new(root.Name, 0, 1, start) };
        var spread = Spread(kind) * magnitude;
        // Strongest path wins (its hops and delays make the onset): relax until nothing improves; the call graph is a
        // small DAG, so a few passes settle it.
        for (var changed = spread > 0; changed;)
        {
            changed = false;
            foreach (var from in impacts.Values.OrderBy(static i => i.Service, StringComparer.Ordinal).ToList())
            {
                foreach (var call in fleet.CallersOf(from.Service))
                {
                    var attenuation = from.Attenuation * call.Coupling;
                    if (attenuation * spread < options.MinImpact
                        || (impacts.TryGetValue(call.Caller, out var known) && known.Attenuation >= attenuation))
                    {
                        continue;
                    }
                    impacts[call.Caller] = new FaultImpact(call.Caller, from.Hops + 1, attenuation, from.Onset + call.Delay);
                    changed = true;
                }
            }
        }
        var ordered = impacts.Values.OrderBy(static i => i.Hops).ThenBy(static i => i.Onset).ThenBy(static i => i.Service, StringComparer.Ordinal).ToImmutableArray();
        var truth = new FaultTruth(string.Create(CultureInfo.InvariantCulture, $"f{number:D3}"), kind, root.Name, [.. ordered.Select(static i => i.Service)], start, start + duration);
        return new InjectedFault(truth, ordered, magnitude);
    }
}
