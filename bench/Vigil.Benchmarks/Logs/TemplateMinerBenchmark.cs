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

    private const int Kinds = 10_000;
    private string[] distinctKinds = [];

    [GlobalSetup]
    public void Setup()
    {
        contents = LoghubLines.Contents("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>");
        string[] states = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];
        distinctKinds = new string[Kinds];
        for (var i = 0; i < Kinds; i++)
        {
            // ~15 tokens, two words that make each message its own kind, and values.
            distinctKinds[i] = $"service {Word(i)} reported {states[i % 12]} state for request {i * 7919} on node-{i % 97} after {i % 1000} ms while {Word(i + 17)} waited";
        }
    }

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

    /// <summary>The cold path: every message a new kind. Allocated per operation is the cost of one new template.</summary>
    [Benchmark(OperationsPerInvoke = Kinds)]
    public int Create10000Templates()
    {
        var miner = new TemplateMiner();
        foreach (var message in distinctKinds)
        {
            miner.Process(message);
        }
        return miner.TemplateCount;
    }

    private static string Word(int n)
    {
        var chars = new List<char>();
        do
        {
            chars.Add((char)('a' + (n % 26)));
            n /= 26;
        }
        while (n > 0);
        return new string([.. chars]);
    }
}
