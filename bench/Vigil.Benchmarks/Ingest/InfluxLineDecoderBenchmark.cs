using BenchmarkDotNet.Attributes;
using Vigil.Core.Ingest;
using Vigil.Ingest.Influx;

namespace Vigil.Benchmarks.Ingest;

/// <summary>
/// Influx line protocol decoding of Telegraf-like bodies with 10,000 numeric fields each, over 100,000 active
/// series; each invocation decodes the next body in turn.
/// </summary>
[MemoryDiagnoser]
public class InfluxLineDecoderBenchmark
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_400_000);

    private byte[][] _bodies = [];
    private int _next;

    [GlobalSetup]
    public void Setup() => _bodies = NodeExporterRequests.InfluxBodies(100_000);

    [Benchmark]
    public int Decode()
    {
        InfluxLineDecoder.TryDecode(_bodies[_next = (_next + 1) % _bodies.Length], InfluxPrecision.Nanoseconds, Now, IngestLimits.Default, out var result, out var error);
        return result?.Batch.SampleCount ?? throw new InvalidOperationException(error!.Message);
    }
}
