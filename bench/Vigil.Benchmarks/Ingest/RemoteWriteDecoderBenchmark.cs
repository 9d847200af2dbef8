using BenchmarkDotNet.Attributes;
using Snappier;
using Vigil.Core.Ingest;
using Vigil.Ingest.RemoteWrite;
using Vigil.Ingest.RemoteWrite.Protos;

namespace Vigil.Benchmarks.Ingest;

/// <summary>
/// Remote write 1.0 decoding of 10,000-sample requests over 100,000 active node-exporter-like series; each
/// invocation decodes the next request in turn, so the string caches see the whole fleet.
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteDecoderBenchmark
{
    private const int ActiveSeries = 100_000;

    private byte[][] _bodies = [];
    private byte[][] _protobufs = [];
    private MetricBatch[] _batches = [];
    private int _next;

    // A four-slot cache misses every time: the decoder as it would be without the series cache.
    private readonly RemoteWriteParser _uncached = new(new SeriesCache(4));

    [GlobalSetup]
    public void Setup()
    {
        _batches = NodeExporterRequests.RemoteWriteBatches(ActiveSeries);
        _protobufs = Array.ConvertAll(_batches, RemoteWriteEncoder.EncodeProtobuf);
        _bodies = Array.ConvertAll(_protobufs, p => Snappy.CompressToArray(p));
    }

    private int Next() => _next = (_next + 1) % _bodies.Length;

    /// <summary>The whole decoder: snappy, protobuf, validation, batch.</summary>
    [Benchmark(Baseline = true)]
    public int Decode()
    {
        RemoteWriteDecoder.TryDecode(_bodies[Next()], IngestLimits.Default, out var result, out var error);
        return result?.Batch.SampleCount ?? throw new InvalidOperationException(error!.Message);
    }

    /// <summary>Protobuf, validation and batch, without snappy.</summary>
    [Benchmark]
    public int DecodeWithoutSnappy()
    {
        RemoteWriteDecoder.TryDecodeProtobuf(_protobufs[Next()], IngestLimits.Default, out var result, out var error);
        return result?.Batch.SampleCount ?? throw new InvalidOperationException(error!.Message);
    }

    /// <summary>Protobuf, validation and batch, with every label set decoded, interned, validated and hashed again.</summary>
    [Benchmark]
    public int DecodeWithoutSnappyOrSeriesCache() => _uncached.Parse(_protobufs[Next()], IngestLimits.Default).Batch.SampleCount;

    /// <summary>Snappy block decompression alone.</summary>
    [Benchmark]
    public int SnappyOnly() => Snappy.DecompressToArray(_bodies[Next()]).Length;

    /// <summary>Google.Protobuf's generated parser alone, no validation: the alternative to the hand-rolled reader.</summary>
    [Benchmark]
    public int GeneratedParserOnly() => WriteRequest.Parser.ParseFrom(_protobufs[Next()]).Timeseries.Count;

    /// <summary>The encoder a load generator uses.</summary>
    [Benchmark]
    public int Encode() => RemoteWriteEncoder.Encode(_batches[Next()]).Length;
}
