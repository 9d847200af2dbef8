using Vigil.Core.Series;

namespace Vigil.Core.Tests.Chunks;

/// <summary>Realistic series for codec tests and the bytes-per-sample figure (fixed seeds).</summary>
internal static class ChunkData
{
    public const long Start = 1_764_000_000_000; // 2025-11-24, ms
    public const int IntervalMs = 15_000;

    /// <summary>A request counter: Poisson-like integer increments around 40 per scrape, regular 15 s scrapes.</summary>
    public static Sample[] Counter(int count, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = 1_250_000.0;
        for (var i = 0; i < count; i++)
        {
            value += Math.Round(40 + (random.NextDouble() - 0.5) * 30);
            samples[i] = new Sample(Start + (long)i * IntervalMs, value);
        }
        return samples;
    }

    /// <summary>A quiet request counter (~0.2/s): most scrapes add 0 to 6.</summary>
    public static Sample[] QuietCounter(int count, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = 48_211.0;
        for (var i = 0; i < count; i++)
        {
            value += random.NextDouble() < 0.5 ? 0 : random.Next(1, 7);
            samples[i] = new Sample(Start + (long)i * IntervalMs, value);
        }
        return samples;
    }

    /// <summary>A memory gauge in bytes: a random walk in 4 KiB pages around 512 MiB.</summary>
    public static Sample[] MemoryGauge(int count, int seed = 2)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = 512.0 * 1024 * 1024;
        for (var i = 0; i < count; i++)
        {
            value += 4096 * random.Next(-8, 9);
            samples[i] = new Sample(Start + (long)i * IntervalMs, value);
        }
        return samples;
    }

    /// <summary>A small integer gauge (connections, queue length) that changes now and then.</summary>
    public static Sample[] SmallGauge(int count, int seed = 3)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = 12.0;
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() < 0.3)
            {
                value = Math.Max(0, value + random.Next(-2, 3));
            }
            samples[i] = new Sample(Start + (long)i * IntervalMs, value);
        }
        return samples;
    }

    /// <summary>A CPU-seconds counter as node_exporter reports it: two decimals, which fill the float mantissa.</summary>
    public static Sample[] DecimalCounter(int count, int seed = 4)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = 83_412.37;
        for (var i = 0; i < count; i++)
        {
            value = Math.Round(value + 3 + random.NextDouble() * 9, 2);
            samples[i] = new Sample(Start + (long)i * IntervalMs, value);
        }
        return samples;
    }

    /// <summary>A usage ratio gauge in [0, 1] with full float precision: the worst case for XOR encoding.</summary>
    public static Sample[] RatioGauge(int count, int seed = 5)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        var value = 0.4;
        for (var i = 0; i < count; i++)
        {
            value = Math.Clamp(value + (random.NextDouble() - 0.5) * 0.05, 0, 1);
            samples[i] = new Sample(Start + (long)i * IntervalMs, value);
        }
        return samples;
    }

    /// <summary>Adds scrape jitter of up to ±<paramref name="maxJitterMs"/> to the timestamps.</summary>
    public static Sample[] WithJitter(Sample[] samples, int maxJitterMs, int seed = 6)
    {
        var random = new Random(seed);
        var result = new Sample[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            result[i] = samples[i] with { TimestampMs = samples[i].TimestampMs + random.Next(-maxJitterMs, maxJitterMs + 1) };
        }
        return result;
    }
}
