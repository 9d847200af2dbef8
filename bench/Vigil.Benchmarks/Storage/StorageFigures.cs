using System.Diagnostics;
using System.Globalization;
using Vigil.Core.Chunks;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Storage.Sqlite;

namespace Vigil.Benchmarks.Storage;

/// <summary>
/// The storage figures for docs/benchmarks.md: bytes per sample (codec and on disk), index memory per series,
/// index and journal timings. <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- storage-figures</c>
/// </summary>
internal static class StorageFigures
{
    private const int ChunkSamples = 120;
    private const int SamplesPerDay = 24 * 240;

    public static async Task RunAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "vigil-storage-figures-" + Guid.NewGuid().ToString("N"));
        try
        {
            CodecBytesPerSample();
            foreach (var chunkSamples in new[] { 120, 240, 480 })
            {
                await StoredBytesPerSampleAsync(Path.Combine(root, $"chunks-{chunkSamples}"), chunkSamples);
            }
            await IndexAsync(Path.Combine(root, "index"));
            await JournalAsync(Path.Combine(root, "journal"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CodecBytesPerSample()
    {
        Console.WriteLine($"## codec: bytes/sample, one day of 15 s samples in {ChunkSamples}-sample chunks");
        foreach (var kind in StorageData.RegularKinds.Concat(StorageData.OtherKinds))
        {
            var samples = StorageData.Series(kind, SamplesPerDay, seed: 1);
            long bytes = 0, compact = 0;
            foreach (var chunk in Chunk(samples))
            {
                bytes += chunk.Length;
                compact += XorChunk.Compact(chunk).Length;
            }
            Console.WriteLine(Invariant($"  {kind,-16} greedy {(double)bytes / samples.Length:F3}  sealed (EncodeCompact) {(double)compact / samples.Length:F3}"));
        }
        var head = new XorChunkAppender();
        foreach (var s in StorageData.Series("counter", ChunkSamples, seed: 1))
        {
            head.Append(s.TimestampMs, s.Value);
        }
        Console.WriteLine(Invariant($"  head chunk of {ChunkSamples} counter samples: {head.ByteCount} bytes encoded, {head.MemoryBytes} bytes of memory"));
    }

    private static async Task StoredBytesPerSampleAsync(string directory, int chunkSamples)
    {
        const int seriesPerKind = 250;
        var store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = directory });
        long samples = 0;
        var id = 0;
        foreach (var kind in StorageData.RegularKinds)
        {
            for (var s = 0; s < seriesPerKind; s++)
            {
                var series = new SeriesId(++id);
                var data = StorageData.Series(kind, SamplesPerDay, seed: id);
                var chunks = new List<SealedChunk>();
                for (var i = 0; i < data.Length; i += chunkSamples)
                {
                    var part = data.AsSpan(i, Math.Min(chunkSamples, data.Length - i));
                    chunks.Add(new SealedChunk(series, part[0].TimestampMs, part[^1].TimestampMs, part.Length, XorChunk.Encode(part)));
                }
                await store.Chunks.WriteAsync(chunks);
                samples += data.Length;
            }
        }
        var (bytes, stored) = await store.Chunks.StatsAsync();
        await store.DisposeAsync(); // checkpoints the WAL into the file
        var file = new FileInfo(Path.Combine(directory, SqliteStore.MainFileName)).Length;
        Console.WriteLine($"## stored: {id} regular series ({string.Join(", ", StorageData.RegularKinds)}; {seriesPerKind} each), one day each, {samples:N0} samples, {chunkSamples}-sample greedy head chunks, compacted by the store");
        Console.WriteLine(Invariant($"  chunk data   {(double)bytes / stored:F3} bytes/sample"));
        Console.WriteLine(Invariant($"  vigil.db     {(double)file / stored:F3} bytes/sample (file size, SQLite pages, keys and index included)"));
    }

    private static async Task IndexAsync(string directory)
    {
        const int count = 100_000;
        var store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = directory });
        var before = Settle();
        var (created, known) = ResolveAll(store.Series, count);
        var after = Settle();
        Console.WriteLine($"## series index: {count:N0} series (100 metrics x 1,000 instances, 5-7 labels)");
        Console.WriteLine(Invariant($"  resolve {count:N0} new (one transaction): {created}; known: {known.TotalMilliseconds * 1e6 / count:F0} ns/series"));
        Console.WriteLine(Invariant($"  managed memory after resolve: {(double)(after - before) / count:F0} bytes/series"));

        var selector = SeriesSelector.Parse("""{__name__="app_metric_8_total",job=~"api.*",code!="200"}""");
        var watch = Stopwatch.StartNew();
        var found = 0;
        for (var i = 0; i < 100; i++)
        {
            found = store.Series.Find(selector).Count;
        }
        Console.WriteLine(Invariant($"  find {selector.Count} matchers -> {found} series: {watch.Elapsed.TotalMilliseconds * 10:F0} us"));
        await store.DisposeAsync();

        before = Settle();
        watch.Restart();
        store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = directory });
        var load = watch.Elapsed;
        after = Settle();
        Console.WriteLine(Invariant($"  reopen (load + postings rebuild): {load.TotalMilliseconds:F0} ms; managed memory: {(double)(after - before) / count:F0} bytes/series"));
        GC.KeepAlive(store);
        await store.DisposeAsync();
    }

    private static async Task JournalAsync(string directory)
    {
        const int writers = 8;
        const int batchesPerWriter = 25;
        var store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = directory });
        var batches = Enumerable.Range(0, writers).Select(w => ScrapeBatch(10_000, w)).ToArray();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < batchesPerWriter; i++)
            {
                await store.Journal.AppendAsync(batches[w]);
            }
        })));
        var elapsed = watch.Elapsed;
        var total = writers * batchesPerWriter;
        Console.WriteLine($"## journal: {writers} concurrent writers x {batchesPerWriter} batches of 10,000 samples (1 per series), synchronous=FULL");
        Console.WriteLine(Invariant($"  {total / elapsed.TotalSeconds:F0} batches/s = {total * 10_000 / elapsed.TotalSeconds:N0} samples/s; {(double)store.Journal.SizeBytes / (total * 10_000):F2} bytes/sample journalled; {((Vigil.Storage.Sqlite.Journal.SqliteIngestJournal)store.Journal).Commits} commits (fsyncs)"));
        watch.Restart();
        var replayed = 0;
        await foreach (var entry in store.Journal.ReadAllAsync())
        {
            replayed += entry.Batch.SampleCount;
        }
        Console.WriteLine(Invariant($"  replay: {replayed / watch.Elapsed.TotalSeconds:N0} samples/s"));
        var encode = TimeSpan.MaxValue;
        var decode = TimeSpan.MaxValue;
        for (var round = 0; round < 30; round++)
        {
            watch.Restart();
            var row = Vigil.Storage.Sqlite.Journal.BatchCodec.Encode(batches[0], compress: true);
            encode = watch.Elapsed < encode ? watch.Elapsed : encode;
            watch.Restart();
            Vigil.Storage.Sqlite.Journal.BatchCodec.TryDecode(row, out _, out _);
            decode = watch.Elapsed < decode ? watch.Elapsed : decode;
        }
        Console.WriteLine(Invariant($"  row codec, 10,000-sample batch (best of 30): encode {encode.TotalMilliseconds:F2} ms, decode {decode.TotalMilliseconds:F2} ms"));
        await store.DisposeAsync();
    }

    private static (string Created, TimeSpan Known) ResolveAll(ISeriesIndex index, int count)
    {
        var keys = Keys(count);
        var ids = new SeriesId[count];
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        index.Resolve(keys, ids);
        var created = Invariant($"{watch.Elapsed.TotalMilliseconds:F0} ms wall, {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:F0} ms CPU");
        // Known keys: the best of 20 rounds, so the figure is of tiered-up code, not of the first JIT pass.
        var known = TimeSpan.MaxValue;
        for (var round = 0; round < 20; round++)
        {
            watch.Restart();
            index.Resolve(keys, ids);
            known = watch.Elapsed < known ? watch.Elapsed : known;
        }
        return (created, known);
    }

    internal static SeriesKey[] Keys(int count)
    {
        var keys = new SeriesKey[count];
        string[] jobs = ["api", "api-internal", "web", "worker", "db"];
        for (var i = 0; i < count; i++)
        {
            var metric = i % 100;
            var instance = i / 100;
            var labels = new List<string>
            {
                "__name__", $"app_metric_{metric}_total",
                "instance", $"10.{instance / 250}.{instance % 250}.7:9100",
                "job", jobs[instance % jobs.Length],
                "zone", $"eu-west-{instance % 3}",
            };
            if (metric % 4 == 0)
            {
                labels.AddRange(["code", (200 + (100 * (metric / 4 % 4))).ToString(CultureInfo.InvariantCulture), "method", metric % 8 == 0 ? "GET" : "POST"]);
            }
            keys[i] = SeriesKey.Create(Labels.From([.. labels]));
        }
        return keys;
    }

    private static MetricBatch ScrapeBatch(int series, int seed)
    {
        var random = new Random(seed);
        var keys = Keys(series);
        var time = StorageData.Start + (seed * 15_000L);
        return new MetricBatch([.. keys.Select(k => new SeriesSamples(k, [new Sample(time + random.Next(3), Math.Round(random.NextDouble() * 1000))]))]);
    }

    private static IEnumerable<byte[]> Chunk(Sample[] samples)
    {
        for (var i = 0; i < samples.Length; i += ChunkSamples)
        {
            yield return XorChunk.Encode(samples.AsSpan(i, Math.Min(ChunkSamples, samples.Length - i)));
        }
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
