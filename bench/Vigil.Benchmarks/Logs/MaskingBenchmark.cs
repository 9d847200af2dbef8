using BenchmarkDotNet.Attributes;
using Vigil.Logs.Masking;

namespace Vigil.Benchmarks.Logs;

/// <summary>Masking alone: the 2,000 messages of HDFS_2k per invocation; the figure is per message.</summary>
[MemoryDiagnoser]
public class MaskingBenchmark
{
    private const int Messages = 2000;
    private string[] contents = [];
    private char[] buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        contents = LoghubLines.Contents("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>");
        buffer = new char[VariableMasker.MaxOutputLength(contents.Max(c => c.Length))];
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public int MaskHdfs()
    {
        var total = 0;
        foreach (var content in contents)
        {
            total += VariableMasker.Mask(content, buffer);
        }
        return total;
    }
}
