using BenchmarkDotNet.Attributes;
using Vigil.Forecasting.Capacity;

namespace Vigil.Benchmarks.Forecasting;

/// <summary>Time-to-exhaustion for one series: projection plus the crossing-time distribution.</summary>
[MemoryDiagnoser]
public class CapacityPlannerBenchmark
{
    private readonly CapacityPlanner _planner = new(new CapacityOptions { HorizonSteps = 7 * 1440 });
    private double[] _minute = [];

    [GlobalSetup]
    public void Setup() => _minute = BenchmarkSeries.MinuteMetric30Days();

    /// <summary>30 days of 1-minute points, limit looked for over the next 7 days (10,080 steps).</summary>
    [Benchmark]
    public ExhaustionEstimate Minute30DaysHorizon7Days() => _planner.TimeToLimit(_minute, 80);
}
