using BenchmarkDotNet.Attributes;
using Vigil.Core.Chunks;
using Vigil.Core.Series;

namespace Vigil.Benchmarks.Storage;

/// <summary>Gorilla chunk append and decode, per sample (OperationsPerInvoke = samples per chunk).</summary>
[MemoryDiagnoser]
public class XorChunkBenchmark
{
    private const int Samples = 120;
    private Sample[] _samples = [];
    private byte[] _chunk = [];
    private XorChunkAppender _appender = new();

    /// <summary>Integer counter (cheap XOR) or full-precision ratio gauge (long XOR windows).</summary>
    [Params("counter", "ratio-gauge")]
    public string Kind { get; set; } = "counter";

    [GlobalSetup]
    public void Setup()
    {
        _samples = StorageData.Series(Kind, Samples, seed: 1);
        _chunk = XorChunk.Encode(_samples);
        _appender = new XorChunkAppender(256);
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Append()
    {
        var appender = _appender;
        appender.Reset();
        foreach (var s in _samples)
        {
            appender.Append(s.TimestampMs, s.Value);
        }
        return appender.ByteCount;
    }

    /// <summary>Sealing: the whole chunk re-encoded with planned XOR windows.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int EncodeCompact() => XorChunk.EncodeCompact(_samples).Length;

    [Benchmark(OperationsPerInvoke = Samples)]
    public double Decode()
    {
        var sum = 0.0;
        foreach (var s in new XorChunkIterator(_chunk))
        {
            sum += s.Value;
        }
        return sum;
    }
}
