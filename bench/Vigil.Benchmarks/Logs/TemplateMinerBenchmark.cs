using BenchmarkDotNet.Attributes;
using Vigil.Logs.Mining;

namespace Vigil.Benchmarks.Logs;

/// <summary>
/// Mining with masking on HDFS_2k repeated 100 times (200,000 messages, the yardstick) with a fresh miner per
/// invocation; the figure is per message, so lines/s = 1e9 / mean ns.
/// </summary>
[MemoryDiagnoser]
public class TemplateMinerBenchmark
{
    private const int Repeats = 100;
    private const int Messages = 2000 * Repeats;
    private string[] contents = [];

    [GlobalSetup]
    public void Setup() => contents = LoghubLines.Contents("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>");

    [Benchmark(OperationsPerInvoke = Messages)]
    public int MineHdfsTimes100()
    {
        var miner = new TemplateMiner();
        for (var r = 0; r < Repeats; r++)
        {
            foreach (var content in contents)
            {
                miner.Process(content);
            }
        }
        return miner.TemplateCount;
    }
}
