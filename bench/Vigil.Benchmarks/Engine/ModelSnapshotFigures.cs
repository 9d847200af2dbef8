using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Series;
using Vigil.Detection;
using Vigil.Engine.Hosting;
using Vigil.Engine.Series;
using Vigil.Storage.Sqlite;

namespace Vigil.Benchmarks.Engine;

/// <summary>
/// What persisting the series' learned models costs: bytes stored per series, the time to write the models of N series
/// (the shards' code: <see cref="SeriesModelCodec"/> and one <c>models.db</c> transaction per shard, 64 shards) and to
/// restore them (one read per shard, then each series decoded and its detector restored and checked as a shard does
/// when the series comes back). Each series' detector first learns <c>points</c> points of a noisy daily pattern at
/// 1-minute resolution. Shard by shard, so that memory holds one shard's series at a time.
/// Not a BenchmarkDotNet benchmark: one round of each is the figure (a snapshot round runs once per interval).
/// </summary>
/// <remarks>dotnet run -c Release --project bench/Vigil.Benchmarks -- model-snapshots [series] [points]</remarks>
public static class ModelSnapshotFigures
{
    public static async Task RunAsync(int series, int points)
    {
        var dir = Directory.CreateTempSubdirectory("vigil-models-").FullName;
        var options = new EngineOptions();
        var shards = options.Shards;
        DetectorCatalog.TryCreate(options.Detector, out var newDetector);
        var keys = new List<(SeriesId Id, SeriesKey Key)>[shards];
        for (var s = 0; s < shards; s++)
        {
            keys[s] = [];
        }
        for (var i = 1; i <= series; i++)
        {
            var key = SeriesKey.Parse($"node_load1{{instance=\"host-{i:D6}:9100\",job=\"node\"}}");
            keys[key.ShardOf(shards)].Add((new SeriesId(i), key));
        }
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        TimeSpan learn = TimeSpan.Zero, encode = TimeSpan.Zero, write = TimeSpan.Zero, load = TimeSpan.Zero, restore = TimeSpan.Zero;
        long written = 0;
        var restored = 0;
        try
        {
            await using (var store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = dir }))
            {
                for (var s = 0; s < shards; s++)
                {
                    var models = await ShardModels.LoadAsync(store.Models, s, options, newDetector, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
                    var clock = Stopwatch.StartNew();
                    var states = new List<SeriesState>(keys[s].Count);
                    foreach (var (id, key) in keys[s])
                    {
                        var state = new SeriesState(id, key, long.MinValue, newDetector());
                        var random = new Random((int)id.Value);
                        for (var p = 0; p < points; p++)
                        {
                            var at = start.AddMinutes(p);
                            state.Detector.Update(at, 50 + (20 * Math.Sin(2 * Math.PI * at.TimeOfDay.TotalDays)) + random.NextDouble());
                        }
                        state.LastTimestampMs = new DateTimeOffset(start.AddMinutes(points - 1)).ToUnixTimeMilliseconds();
                        state.ModelChanged = true;
                        states.Add(state);
                    }
                    learn += clock.Elapsed;
                    clock.Restart();
                    // Encoding alone (the write below encodes again): how much of a round is CPU in the shard.
                    foreach (var state in states)
                    {
                        SeriesModelCodec.Encode(state);
                    }
                    encode += clock.Elapsed;
                    clock.Restart();
                    written += (await models.SaveChangedAsync(states)).Bytes;
                    write += clock.Elapsed;
                }
                var (bytes, count) = await store.Models.StatsAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"series: {series:N0}, points learned per series: {points:N0}, detector: {options.Detector}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"model bytes per series: {bytes / (double)count:N0} (rows {count:N0}, {bytes / 1048576.0:N1} MiB of blobs)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"learn (not part of persistence): {learn.TotalSeconds:N1} s"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"encode only: {encode.TotalSeconds:N2} s, {encode.TotalMicroseconds / series:N1} µs per series"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"write all models (encode + 64 transactions): {write.TotalSeconds:N2} s, {write.TotalMicroseconds / series:N1} µs per series, {written / write.TotalSeconds / 1048576.0:N0} MiB/s"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"models.db on disk: {new FileInfo(Path.Combine(dir, "models.db")).Length / (double)series:N0} bytes per series"));

            await using (var store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = dir }))
            {
                for (var s = 0; s < shards; s++)
                {
                    var clock = Stopwatch.StartNew();
                    var models = await ShardModels.LoadAsync(store.Models, s, options, newDetector, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
                    load += clock.Elapsed;
                    clock.Restart();
                    foreach (var (id, key) in keys[s])
                    {
                        var state = new SeriesState(id, key, long.MinValue, newDetector());
                        models.Restore(state);
                        restored += state.DetectedThroughMs != long.MinValue ? 1 : 0;
                    }
                    restore += clock.Elapsed;
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read all models (64 shard queries): {load.TotalSeconds:N2} s; restore every detector (decode, restore, read-back check): {restore.TotalSeconds:N2} s, {restore.TotalMicroseconds / series:N1} µs per series; restored {restored:N0}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
