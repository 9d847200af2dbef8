using BenchmarkDotNet.Attributes;
using Vigil.Detection.ChangePoint;

namespace Vigil.Benchmarks.Detection;

/// <summary>Time per point of <see cref="CusumDetector"/> on a 1-minute series (one fresh detector per run).</summary>
[MemoryDiagnoser]
public class CusumDetectorBenchmark
{
    private DateTime[] _time = [];
    private double[] _value = [];

    [GlobalSetup]
    public void Setup() => (_time, _value) = BenchmarkSeries.Create();

    /// <summary>One operation is one point; BenchmarkDotNet reports ns/point and bytes allocated per point.</summary>
    [Benchmark(OperationsPerInvoke = BenchmarkSeries.Points)]
    public double Update()
    {
        var detector = new CusumDetector();
        var sum = 0.0;
        for (var i = 0; i < _value.Length; i++)
        {
            sum += detector.Update(_time[i], _value[i]).Score;
        }
        return sum;
    }
}
