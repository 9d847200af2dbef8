using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Incidents;
using Vigil.Correlation.Topology;

namespace Vigil.Benchmarks.Correlation;

/// <summary>
/// The online correlator with 10,000 open signals: 2,000 services in 200 groups of 10 (each group a call tree, its
/// services on 5 hosts), 50 open signals a group, so about 200 incidents of 50 signals are open. One operation is one
/// new signal observed — 90% on a group's services, 10% unrelated noise with labels of their own — from upsert to the
/// incident change (grouping, inhibition, ranking, title, similar incidents, snapshot). Mean time per operation is the
/// latency from signal to incident update; its inverse is the throughput. Fixed seed: every run sees the same signals.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class IncidentCorrelatorBenchmark
{
    /// <summary>New signals per invocation.</summary>
    public const int Batch = 1_000;

    private const int Groups = 200;
    private const int ServicesPerGroup = 10;
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private TopologyGraph _graph = TopologyGraph.Empty;
    private Signal[] _open = [];
    private Signal[] _new = [];
    private IncidentCorrelator _correlator = null!;

    /// <summary>Open signals before the measured ones.</summary>
    [Params(10_000)]
    public int OpenSignals { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var edges = new List<TopologyEdge>();
        for (var g = 0; g < Groups; g++)
        {
            for (var s = 1; s < ServicesPerGroup; s++)
            {
                edges.Add(new TopologyEdge(Service(g, random.Next(s)), Service(g, s), EdgeKind.Calls));
                edges.Add(new TopologyEdge(Service(g, s), $"host-{g}-{s % 5}", EdgeKind.RunsOn));
            }
        }
        _graph = TopologyGraph.Create(edges);
        _open = [.. Enumerable.Range(0, OpenSignals).Select(i => Make(random, i, i * 0.05))];
        _new = [.. Enumerable.Range(OpenSignals, Batch).Select(i => Make(random, i, (OpenSignals * 0.05) + ((i - OpenSignals) * 0.05)))];
    }

    [IterationSetup]
    public void Fill()
    {
        _correlator = new IncidentCorrelator(new IncidentCorrelatorOptions { InferTopologyFromLabels = false });
        _correlator.SetContext(_graph, []);
        foreach (var signal in _open)
        {
            _correlator.Observe(signal, signal.Start);
        }
    }

    /// <summary>Observes <see cref="Batch"/> new signals against the open ones.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Observe()
    {
        var changes = 0;
        foreach (var signal in _new)
        {
            changes += _correlator.Observe(signal, signal.Start).Length;
        }
        return changes;
    }

    /// <summary>The same work as <see cref="Observe"/>, each signal timed (Stopwatch ticks).</summary>
    public long[] ObserveTimed()
    {
        var times = new long[_new.Length];
        for (var i = 0; i < _new.Length; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            _correlator.Observe(_new[i], _new[i].Start);
            times[i] = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }
        return times;
    }

    private static string Service(int group, int index) => $"svc-{group}-{index}";

    private static Signal Make(Random random, int i, double seconds)
    {
        var noise = random.NextDouble() < 0.1;
        var group = random.Next(Groups);
        var entity = noise ? $"batch-job-{i}" : Service(group, random.Next(ServicesPerGroup));
        var labels = noise
            ? Labels.From("alertname", $"Job{i % 97}Failed", "job", entity, "team", $"t{i % 13}")
            : Labels.From("alertname", random.Next(3) switch { 0 => "HighLatency", 1 => "HighErrorRate", _ => "Saturation" }, "service", entity, "env", "prod");
        var severity = random.Next(20, 100);
        return new Signal
        {
            Kind = SignalKind.ExternalAlert,
            Entity = entity,
            Start = T0.AddSeconds(seconds),
            Severity = severity,
            Score = severity / 100.0,
            Summary = $"{labels.Get("alertname")} on {entity}",
            Labels = labels,
            Fingerprint = $"{i:x16}",
        };
    }
}
