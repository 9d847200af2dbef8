using System.Buffers.Binary;
using System.Text;
using Snappier;

namespace Vigil.Cli.Bench;

/// <summary>
/// Realistic remote-write traffic: node-exporter- and service-like series (counters and gauges with job/instance
/// labels), each request carrying one sample of consecutive series, every series advancing one scrape interval per
/// round. Labels are encoded once per series, so building a 10,000-sample request costs little next to sending it.
/// </summary>
internal sealed class RemoteWriteLoad
{
    private static readonly (string Name, bool Counter, string[] Labels)[] Families =
    [
        ("node_cpu_seconds_total", true, ["cpu", "mode"]),
        ("node_memory_MemAvailable_bytes", false, []),
        ("node_network_receive_bytes_total", true, ["device"]),
        ("node_filesystem_avail_bytes", false, ["device", "mountpoint"]),
        ("node_load1", false, []),
        ("http_requests_total", true, ["method", "code", "handler"]),
        ("http_request_duration_seconds_sum", true, ["method", "handler"]),
        ("process_resident_memory_bytes", false, []),
    ];

    private readonly byte[][] _labels;
    private readonly double[] _values;
    private readonly bool[] _counter;
    private readonly long _startMs;
    private readonly long _intervalMs;
    private readonly int _perRequest;
    private long _next;

    public RemoteWriteLoad(int series, int samplesPerRequest, long startMs, long intervalMs, int seed = 42)
    {
        _labels = new byte[series][];
        _values = new double[series];
        _counter = new bool[series];
        _startMs = startMs;
        _intervalMs = intervalMs;
        _perRequest = samplesPerRequest;
        var random = new Random(seed);
        for (var i = 0; i < series; i++)
        {
            var (name, counter, extra) = Families[i % Families.Length];
            var labels = new List<(string, string)> { ("__name__", name) };
            foreach (var l in extra)
            {
                labels.Add((l, $"{l}-{i / Families.Length % 7}"));
            }
            // (family, instance) is unique per i: i = 8·instance + family.
            labels.Add(("instance", $"host-{i / Families.Length:D6}:9100"));
            labels.Add(("job", name.StartsWith("http", StringComparison.Ordinal) ? "api" : "node"));
            labels.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            _labels[i] = EncodeLabels(labels);
            _counter[i] = counter;
            _values[i] = counter ? random.Next(1000) : random.NextDouble() * 1e6;
        }
    }

    public int Series => _labels.Length;

    /// <summary>The next request: snappy-compressed WriteRequest with one sample for each of the next series.</summary>
    public byte[] NextRequest(Random random, out int samples)
    {
        long first;
        lock (_labels)
        {
            first = _next;
            _next += _perRequest;
        }
        var body = new MemoryStream(_perRequest * 160);
        Span<byte> sample = stackalloc byte[32];
        for (var k = 0; k < _perRequest; k++)
        {
            var n = first + k;
            var i = (int)(n % _labels.Length);
            var round = n / _labels.Length;
            var ts = _startMs + (round * _intervalMs);
            double value;
            lock (_labels[i])
            {
                value = _values[i] = _counter[i] ? _values[i] + random.Next(0, 50) : Math.Max(0, _values[i] + ((random.NextDouble() - 0.5) * 100));
            }
            // Sample { double value = 1; int64 timestamp = 2; }
            var s = 0;
            sample[s++] = 0x09;
            BinaryPrimitives.WriteDoubleLittleEndian(sample[s..], value);
            s += 8;
            sample[s++] = 0x10;
            s += WriteVarint(sample[s..], (ulong)ts);
            var labels = _labels[i];
            var tsLength = labels.Length + 1 + VarintLength((ulong)s) + s;
            // WriteRequest { repeated TimeSeries timeseries = 1; } TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
            body.WriteByte(0x0a);
            WriteVarint(body, (ulong)tsLength);
            body.Write(labels);
            body.WriteByte(0x12);
            WriteVarint(body, (ulong)s);
            body.Write(sample[..s]);
        }
        samples = _perRequest;
        return Snappy.CompressToArray(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    private static byte[] EncodeLabels(List<(string Name, string Value)> labels)
    {
        var ms = new MemoryStream();
        foreach (var (name, value) in labels)
        {
            var n = Encoding.UTF8.GetBytes(name);
            var v = Encoding.UTF8.GetBytes(value);
            var inner = 1 + VarintLength((ulong)n.Length) + n.Length + 1 + VarintLength((ulong)v.Length) + v.Length;
            ms.WriteByte(0x0a);
            WriteVarint(ms, (ulong)inner);
            ms.WriteByte(0x0a);
            WriteVarint(ms, (ulong)n.Length);
            ms.Write(n);
            ms.WriteByte(0x12);
            WriteVarint(ms, (ulong)v.Length);
            ms.Write(v);
        }
        return ms.ToArray();
    }

    private static int VarintLength(ulong v)
    {
        var n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }
        return n;
    }

    private static int WriteVarint(Span<byte> dst, ulong v)
    {
        var i = 0;
        while (v >= 0x80)
        {
            dst[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        dst[i++] = (byte)v;
        return i;
    }

    private static void WriteVarint(Stream dst, ulong v)
    {
        Span<byte> buf = stackalloc byte[10];
        dst.Write(buf[..WriteVarint(buf, v)]);
    }
}
