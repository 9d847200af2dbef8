using BenchmarkDotNet.Attributes;
using Vigil.Forecasting;

namespace Vigil.Benchmarks.Forecasting;

/// <summary>Per-series latency of the default (automatic) forecaster with a 95% interval.</summary>
[MemoryDiagnoser]
public class ForecasterBenchmark
{
    private readonly Forecaster _forecaster = new(new ForecasterOptions { Level = 95 });
    private double[] _minute = [];
    private double[] _hourly = [];

    [GlobalSetup]
    public void Setup()
    {
        _minute = BenchmarkSeries.MinuteMetric30Days();
        _hourly = BenchmarkSeries.Hourly40Days();
    }

    /// <summary>30 days of 1-minute points (43,200), horizon one day (1,440 steps): periods 1440 and 10080 detected.</summary>
    [Benchmark]
    public Forecast Minute30DaysHorizon1Day() => _forecaster.Run(_minute, 1440);

    /// <summary>960 hourly points, horizon 48: one M4 Hourly-sized series.</summary>
    [Benchmark]
    public Forecast Hourly960Horizon48() => _forecaster.Run(_hourly, 48);
}
