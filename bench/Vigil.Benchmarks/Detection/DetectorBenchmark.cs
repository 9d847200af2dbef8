using BenchmarkDotNet.Attributes;
using Vigil.Detection;

namespace Vigil.Benchmarks.Detection;

/// <summary>
/// Time per point of every detector in the catalog on a 1-minute series (one fresh detector per run):
/// <c>vigil</c> is the default ensemble; the others are its parts and the standalone detectors.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmark
{
    private DateTime[] _time = [];
    private double[] _value = [];
    private Func<IStreamingDetector> _create = () => throw new InvalidOperationException("not set up");

    /// <summary>The catalog name of the detector.</summary>
    [ParamsSource(nameof(Names))]
    public string Detector { get; set; } = "vigil";

    public static IEnumerable<string> Names => DetectorCatalog.Names.Order(StringComparer.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        (_time, _value) = BenchmarkSeries.Create();
        if (!DetectorCatalog.TryCreate(Detector, out _create))
        {
            throw new InvalidOperationException($"no detector named {Detector}");
        }
    }

    /// <summary>One operation is one point; BenchmarkDotNet reports ns/point and bytes allocated per point.</summary>
    [Benchmark(OperationsPerInvoke = BenchmarkSeries.Points)]
    public double Update()
    {
        var detector = _create();
        var sum = 0.0;
        for (var i = 0; i < _value.Length; i++)
        {
            sum += detector.Update(_time[i], _value[i]).Score;
        }
        return sum;
    }
}
