using Vigil.Core.Series;

namespace Vigil.Benchmarks.Storage;

/// <summary>
/// Regular-interval series (15 s scrapes) shaped like real exporters' output, with fixed seeds; the same shapes as
/// <c>tests/Vigil.Core.Tests/Chunks/ChunkData.cs</c>.
/// </summary>
internal static class StorageData
{
    public const long Start = 1_764_000_000_000;
    public const int IntervalMs = 15_000;

    public static readonly string[] RegularKinds = ["counter", "quiet-counter", "memory-gauge", "small-gauge"];

    public static readonly string[] OtherKinds = ["decimal-counter", "ratio-gauge"];

    public static Sample[] Series(string kind, int count, int seed)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = kind switch
        {
            "counter" => 1_250_000.0,
            "quiet-counter" => 48_211.0,
            "memory-gauge" => 512.0 * 1024 * 1024,
            "small-gauge" => 12.0,
            "decimal-counter" => 83_412.37,
            _ => 0.4,
        };
        for (var i = 0; i < count; i++)
        {
            value = kind switch
            {
                "counter" => value + Math.Round(40 + ((random.NextDouble() - 0.5) * 30)),
                "quiet-counter" => value + (random.NextDouble() < 0.5 ? 0 : random.Next(1, 7)),
                "memory-gauge" => value + (4096 * random.Next(-8, 9)),
                "small-gauge" => random.NextDouble() < 0.3 ? Math.Max(0, value + random.Next(-2, 3)) : value,
                "decimal-counter" => Math.Round(value + 3 + (random.NextDouble() * 9), 2),
                _ => Math.Clamp(value + ((random.NextDouble() - 0.5) * 0.05), 0, 1),
            };
            samples[i] = new Sample(Start + ((long)i * IntervalMs), value);
        }
        return samples;
    }
}
