using System.Diagnostics;
using System.Globalization;

namespace Vigil.Benchmarks.Correlation;

/// <summary>
/// Per-signal latency distribution of the online correlator on the workload of <see cref="IncidentCorrelatorBenchmark"/>
/// (10,000 open signals, then 1,000 new ones timed one by one), repeated to show the spread on a shared machine.
/// <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- incident-latency [repeats]</c>
/// </summary>
public static class IncidentLatency
{
    public static void Run(int repeats)
    {
        var bench = new IncidentCorrelatorBenchmark { OpenSignals = 10_000 };
        bench.Setup();
        for (var r = 0; r < repeats; r++)
        {
            var fill = Stopwatch.StartNew();
            bench.Fill();
            fill.Stop();
            var times = bench.ObserveTimed();
            Array.Sort(times);
            double P(double q) => times[Math.Min(times.Length - 1, (int)(q * times.Length))] * 1e6 / Stopwatch.Frequency;
            var total = times.Sum() / (double)Stopwatch.Frequency;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: fill 10,000 open signals {fill.Elapsed.TotalSeconds:0.00} s ({10_000 / fill.Elapsed.TotalSeconds:0} signals/s); " +
                $"next {times.Length}: p50 {P(0.5):0.0} µs, p90 {P(0.9):0.0} µs, p99 {P(0.99):0.0} µs, max {P(1):0.0} µs, {times.Length / total:0} signals/s"));
        }
    }
}
