using System.Collections.Immutable;
using Vigil.Core.Signals;
using Vigil.Correlation.Topology;
using Vigil.Simulation.Faults;

namespace Vigil.Cli.Eval;

/// <summary>One fault's outcome: its signals, the incident holding most of them and where its root ranked there.</summary>
internal sealed record FaultOutcome(FaultTruth Fault, int Signals, int? Incident, int? RootRank, TimeSpan? TimeToDetect, string? TopCandidate)
{
    /// <summary>The fault's signals, by start.</summary>
    public ImmutableArray<Signal> Members { get; init; } = [];
}

/// <summary>The figures of <c>vigil eval correlation</c>.</summary>
internal sealed record CorrelationScore(
    int Signals,
    int Incidents,
    int NoiseSignals,
    int PausedSignals,
    double NoiseReduction,
    double Precision,
    double Recall,
    double F1,
    double Top1,
    double Top3,
    double MeanTimeToDetectSeconds,
    int FaultsDetected,
    ImmutableArray<FaultOutcome> Faults,
    ImmutableSortedDictionary<string, int> NoiseBySource,
    ImmutableSortedDictionary<string, (int Signals, int Noise)> ByKind)
{
    /// <summary>Incidents that hold most of no fault's signals (number from 1, and their signals): noise or spill-over.</summary>
    public ImmutableArray<(int Incident, ImmutableArray<Signal> Signals, int FaultSignals)> OtherIncidents { get; init; } = [];

    /// <summary>How long after a fault's end its symptoms may still start (recovery, signals closing).</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Scores incidents against the ground truth. A signal belongs to a fault when its entity is one the fault affects
    /// and it starts between the fault's start and <see cref="Slack"/> after its end; other signals are noise. Pairwise
    /// precision and recall count pairs of signals put in one incident against pairs belonging to one fault (with no
    /// pair predicted, precision is 1; with no pair to find, recall is 1). RCA is per detected fault, in the incident
    /// holding most of its signals.
    /// </summary>
    public static CorrelationScore Compute(IReadOnlyList<Signal> signals, IReadOnlyList<EvalIncident> incidents, IReadOnlyList<FaultTruth> faults, TopologyGraph graph)
    {
        var total = signals.Count;
        // counts[(incident, fault)]: signals of that fault in that incident.
        var counts = new Dictionary<(int Incident, int Fault), int>();
        var perFault = new int[faults.Count];
        var members = new List<Signal>[faults.Count];
        var firstSeen = new DateTimeOffset?[faults.Count];
        long predicted = 0, truePairs = 0, hits = 0;
        var noise = 0;
        var noiseBySource = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byKind = new SortedDictionary<string, (int Signals, int Noise)>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            var f = FaultOf(signal, faults, graph);
            var kind = byKind.GetValueOrDefault(signal.Kind.ToString());
            byKind[signal.Kind.ToString()] = (kind.Signals + 1, kind.Noise + (f < 0 ? 1 : 0));
            if (f < 0)
            {
                noise++;
                var source = signal.Kind switch
                {
                    SignalKind.ExternalAlert => "alert " + signal.Labels.Get("alertname"),
                    SignalKind.LogAnomaly => "log " + signal.Evidence.GetValueOrDefault("measure", "anomaly"),
                    SignalKind.NewLogPattern => "new log pattern",
                    _ => signal.Labels.MetricName + Qualifier(signal),
                };
                noiseBySource[source] = noiseBySource.GetValueOrDefault(source) + 1;
                continue;
            }
            perFault[f]++;
            (members[f] ??= []).Add(signal);
            if (firstSeen[f] is not { } seen || signal.Start < seen)
            {
                firstSeen[f] = signal.Start;
            }
        }
        var grouped = 0;
        for (var i = 0; i < incidents.Count; i++)
        {
            predicted += Pairs(incidents[i].Signals.Length);
            grouped += incidents[i].Signals.Length;
            foreach (var signal in incidents[i].Signals)
            {
                if (FaultOf(signal, faults, graph) is var f and >= 0)
                {
                    counts[(i, f)] = counts.GetValueOrDefault((i, f)) + 1;
                }
            }
        }
        foreach (var n in counts.Values)
        {
            hits += Pairs(n);
        }
        foreach (var n in perFault)
        {
            truePairs += Pairs(n);
        }
        var precision = predicted == 0 ? 1 : (double)hits / predicted;
        var recall = truePairs == 0 ? 1 : (double)hits / truePairs;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

        var outcomes = ImmutableArray.CreateBuilder<FaultOutcome>(faults.Count);
        int detected = 0, top1 = 0, top3 = 0;
        var detectSeconds = 0.0;
        for (var f = 0; f < faults.Count; f++)
        {
            if (perFault[f] == 0 || !counts.Keys.Any(k => k.Fault == f))
            {
                outcomes.Add(new FaultOutcome(faults[f], perFault[f], null, null, null, null) { Members = [.. members[f] ?? []] });
                continue;
            }
            detected++;
            var home = counts.Where(p => p.Key.Fault == f).OrderByDescending(static p => p.Value).ThenBy(static p => p.Key.Incident).First().Key.Incident;
            var candidates = incidents[home].Candidates;
            var rank = candidates.IndexOf(faults[f].Root);
            int? rootRank = rank < 0 ? null : rank + 1;
            top1 += rootRank == 1 ? 1 : 0;
            top3 += rootRank is <= 3 ? 1 : 0;
            var ttd = firstSeen[f]!.Value - faults[f].Start;
            detectSeconds += ttd.TotalSeconds;
            outcomes.Add(new FaultOutcome(faults[f], perFault[f], home + 1, rootRank, ttd, candidates.IsEmpty ? null : candidates[0]) { Members = [.. members[f]] });
        }
        var homes = outcomes.Select(static o => o.Incident).OfType<int>().ToHashSet();
        var others = Enumerable.Range(1, incidents.Count).Where(i => !homes.Contains(i))
            .Select(i => (i, incidents[i - 1].Signals, counts.Where(p => p.Key.Incident == i - 1).Sum(static p => p.Value))).ToImmutableArray();
        return new CorrelationScore(
            total, incidents.Count, noise, total - grouped, total == 0 ? 0 : 1 - ((double)incidents.Count / total),
            precision, recall, f1,
            detected == 0 ? 0 : (double)top1 / detected, detected == 0 ? 0 : (double)top3 / detected,
            detected == 0 ? double.NaN : detectSeconds / detected, detected, outcomes.MoveToImmutable(), noiseBySource.ToImmutableSortedDictionary(StringComparer.Ordinal),
            byKind.ToImmutableSortedDictionary(StringComparer.Ordinal))
        {
            OtherIncidents = others,
        };
    }

    private static int FaultOf(Signal signal, IReadOnlyList<FaultTruth> faults, TopologyGraph graph)
    {
        var entity = SimulatedCorrelation.EntityOf(signal, graph);
        for (var f = 0; f < faults.Count; f++)
        {
            var fault = faults[f];
            if (signal.Start >= fault.Start && signal.Start <= fault.End + Slack && fault.Affected.Contains(entity))
            {
                return f;
            }
        }
        return -1;
    }

    private static string Qualifier(Signal signal) =>
        signal.Labels.Get("code") is { } code ? $"{{code={code}}}" : signal.Labels.Get("quantile") is { } q ? $"{{quantile={q}}}" : "";

    private static long Pairs(long n) => n * (n - 1) / 2;
}
