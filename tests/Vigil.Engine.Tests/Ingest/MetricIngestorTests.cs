using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;
using Vigil.Engine.Ingest;

namespace Vigil.Engine.Tests.Ingest;

public sealed class MetricIngestorTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-engine-").FullName;

    private static readonly SeriesKey Cpu = SeriesKey.Parse("node_load1{instance=\"a:9100\",job=\"node\"}");
    private static readonly SeriesKey Mem = SeriesKey.Parse("node_memory_free_bytes{instance=\"a:9100\",job=\"node\"}");

    private static long T(int i) => EngineHost.Epoch.ToUnixTimeMilliseconds() + (i * 15_000L);

    private static MetricBatch Batch(int from, int count, Func<int, double> value, params SeriesKey[] keys) =>
        new(keys.Select(k => new SeriesSamples(k, Enumerable.Range(from, count).Select(i => new Sample(T(i), value(i))).ToArray())).ToList());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<Sample>> ReadAsync(EngineHost engine, SeriesKey key)
    {
        var entry = engine.Series.Find([new LabelMatcher("__name__", LabelMatchType.Equal, key.MetricName)]).Single(e => e.Key == key);
        return await engine.Reader.ReadAsync(entry, long.MinValue, long.MaxValue, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task IngestAsync_SpanningSealedAndHeadChunks_ReadsEverySampleBack()
    {
        await using var engine = await EngineHost.StartAsync(_dir);

        // 300 samples per series: two sealed chunks of 120 and a head of 60.
        var outcome = await engine.Ingestor.IngestAsync(Batch(0, 300, i => i * 0.5, Cpu, Mem), "test", TestContext.Current.CancellationToken);

        Assert.Equal(IngestStatus.Accepted, outcome.Status);
        Assert.Equal(600, outcome.Result.Accepted);
        var samples = await ReadAsync(engine, Cpu);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => new Sample(T(i), i * 0.5)), samples);
    }

    [Fact]
    public async Task IngestAsync_RetriedAndOlderSamples_CountedAsDuplicatesAndOutOfOrder()
    {
        await using var engine = await EngineHost.StartAsync(_dir);
        var ct = TestContext.Current.CancellationToken;
        await engine.Ingestor.IngestAsync(Batch(0, 10, i => i, Cpu), "test", ct);

        var retry = await engine.Ingestor.IngestAsync(Batch(0, 10, i => i, Cpu), "test", ct);
        var older = await engine.Ingestor.IngestAsync(Batch(5, 1, _ => 99, Cpu), "test", ct);

        Assert.Equal((0, 10, 0), (retry.Result.Accepted, retry.Result.Duplicates, retry.Result.OutOfOrder));
        Assert.Equal(1, older.Result.OutOfOrder);
        Assert.Contains("node_load1", older.Result.FirstOutOfOrder, StringComparison.Ordinal);
        Assert.Equal(10, (await ReadAsync(engine, Cpu)).Count);
    }

    [Fact]
    public async Task Restart_WithUnsealedHeads_ReplaysJournalAndKeepsEverySample()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var engine = await EngineHost.StartAsync(_dir))
        {
            await engine.Ingestor.IngestAsync(Batch(0, 130, i => Math.Sin(i), Cpu), "test", ct);
            await engine.Ingestor.IngestAsync(Batch(0, 50, i => i, Mem), "test", ct);
        }

        await using var restarted = await EngineHost.StartAsync(_dir);

        Assert.Equal(130, (await ReadAsync(restarted, Cpu)).Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), (await ReadAsync(restarted, Mem)).Select(s => s.Value));
        // What sealed chunks already hold is never written twice: sending it again stores nothing.
        var again = await restarted.Ingestor.IngestAsync(Batch(0, 130, i => Math.Sin(i), Cpu), "test", ct);
        Assert.Equal(0, again.Result.Accepted);
        Assert.Equal(130, (await ReadAsync(restarted, Cpu)).Count);
    }

    [Fact]
    public async Task Checkpoint_AfterHeadsSealForAge_TrimsJournalAndDataSurvivesRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var engine = await EngineHost.StartAsync(_dir, new EngineOptions { Shards = 4, MaxHeadAge = TimeSpan.FromMinutes(10) }))
        {
            await engine.Ingestor.IngestAsync(Batch(0, 30, i => i, Cpu, Mem), "test", ct);
            var before = engine.Journal.SizeBytes;

            var unchanged = await engine.Checkpointer.RunOnceAsync(ct);
            engine.Time.Advance(TimeSpan.FromMinutes(11));
            await engine.Checkpointer.RunOnceAsync(ct); // seals both heads for age
            await engine.Writer.FlushAsync(ct); // their chunks are in the store
            var trimmedBelow = await engine.Checkpointer.RunOnceAsync(ct);

            Assert.True(before > 0);
            Assert.True(trimmedBelow > unchanged, $"journal trimmed below {trimmedBelow}, first checkpoint {unchanged}");
            var left = 0;
            await foreach (var entry in engine.Journal.ReadAllAsync(ct))
            {
                left++;
            }
            Assert.Equal(0, left);
        }

        await using var restarted = await EngineHost.StartAsync(_dir);
        Assert.Equal(30, (await ReadAsync(restarted, Cpu)).Count);
        Assert.Equal(30, (await ReadAsync(restarted, Mem)).Count);
    }

    [Fact]
    public async Task IngestAsync_SpikeThenNormal_OpensOneSignalAndClosesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var engine = await EngineHost.StartAsync(_dir);
        var random = new Random(7);
        // The spike comes after the detector's warm-up (100 points).
        double Value(int i) => i == 150 ? 500 : 10 + random.NextDouble();

        await engine.Ingestor.IngestAsync(Batch(0, 160, Value, Cpu), "test", ct);

        var signals = await engine.Signals.QueryAsync(new SignalQuery { Kind = SignalKind.MetricAnomaly }, ct);
        var signal = Assert.Single(signals);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T(150)), signal.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T(155)), signal.End);
        Assert.True(signal.Severity >= 50);
        Assert.Equal("500", signal.Evidence["observed"]);
    }

    [Fact]
    public async Task IngestAsync_Counter_WatchesRateAndToleratesReset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var engine = await EngineHost.StartAsync(_dir);
        var requests = SeriesKey.Parse("http_requests_total{job=\"api\"}");
        var random = new Random(3);
        // ~10 requests/s every 15 s; a reset to zero at 60 (a restart), a burst of 100/s at 150 (after the detector's
        // warm-up of 100 points).
        var total = 0.0;
        var values = new double[160];
        for (var i = 0; i < values.Length; i++)
        {
            var increase = (i == 150 ? 100 : 10 + random.NextDouble()) * 15;
            total = i == 60 ? increase : total + increase; // the restarted process counts from zero
            values[i] = total;
        }

        await engine.Ingestor.IngestAsync(Batch(0, values.Length, i => values[i], requests), "test", ct);

        var signal = Assert.Single(await engine.Signals.QueryAsync(new SignalQuery { Kind = SignalKind.MetricAnomaly }, ct));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T(150)), signal.Start);
        Assert.Equal("rate per second", signal.Evidence["measure"]);
        Assert.Equal(100, double.Parse(signal.Evidence["observed"], System.Globalization.CultureInfo.InvariantCulture), 6);
    }
}
