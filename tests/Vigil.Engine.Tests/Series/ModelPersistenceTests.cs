using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Detection;
using Vigil.Engine.Hosting;
using Vigil.Engine.Ingest;
using Vigil.Engine.Series;

namespace Vigil.Engine.Tests.Series;

/// <summary>
/// Learned models survive a restart: the detector continues where it stopped (the same scores and the same state as a
/// run that never stopped), a false-positive verdict keeps quieting its pattern, a series without a stored model gets
/// its verdicts back from the recorded feedback, and a damaged or foreign model is skipped with a log line.
/// </summary>
public sealed class ModelPersistenceTests : IDisposable
{
    private const long Step = 15_000;

    private static readonly SeriesKey Queue = SeriesKey.Parse("queue_depth{job=\"worker\",queue=\"a\"}");
    private static readonly SeriesKey Control = SeriesKey.Parse("queue_depth{job=\"worker\",queue=\"control\"}");
    private static readonly SeriesKey Requests = SeriesKey.Parse("http_requests_total{job=\"api\"}");

    // Noise around 100–104 with the same 1000 spike at 150, 311 and 457 (irregular gaps, so no period explains them);
    // the counter grows by about that much per step.
    private static readonly double[] Values = MakeValues();
    private static readonly double[] Totals = [.. Values.Select((_, i) => Values.Take(i + 1).Sum() * 15)];

    private readonly List<string> _dirs = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // NAB's threshold, at which the ensemble's score for a repeated spike (about 0.55) still opens a signal, alone too.
    private static EngineOptions Options(string detector = DetectorCatalog.Default) =>
        new() { Shards = 4, AnomalyThreshold = DetectorCatalog.DefaultThreshold, LoneAnomalyScore = DetectorCatalog.DefaultThreshold, Detector = detector };

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_AfterLearning_ScoresTheNextPointsAsARunThatNeverStopped()
    {
        var uninterrupted = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(uninterrupted, Options()))
        {
            await WriteAsync(engine, 0, 320, Queue, Requests);
            await engine.Snapshotter.RunOnceAsync(Ct);
        }
        var restarted = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(restarted, Options()))
        {
            await WriteAsync(engine, 0, 300, Queue, Requests);
        }
        await using (var engine = await EngineHost.StartAsync(restarted, Options()))
        {
            await WriteAsync(engine, 300, 320, Queue, Requests);
            await engine.Snapshotter.RunOnceAsync(Ct);
        }
        var forgotten = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(forgotten, Options()))
        {
            await WriteAsync(engine, 0, 300, Queue);
        }
        DeleteModels(forgotten);
        await using (var engine = await EngineHost.StartAsync(forgotten, Options()))
        {
            await WriteAsync(engine, 300, 320, Queue);
            // Without its model the series is back in its warm-up: the spike at 311 goes unseen.
            Assert.Equal([T(150)], (await SignalsAsync(engine, Queue)).Select(s => s.Start));
        }

        // The spike after the restart is scored as the uninterrupted run scored it, to the last bit.
        var expected = await SpikeAt311Async(uninterrupted);
        var actual = await SpikeAt311Async(restarted);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Severity, actual.Severity);
        foreach (var name in (string[])["expected", "lower", "upper", "deviation", "observed"])
        {
            Assert.Equal(expected.Evidence[name], actual.Evidence[name]);
        }
        // And the detectors end in the same state (a gauge and a counter's rate): every later point scores the same too.
        Assert.Equal(await ModelBytesAsync(uninterrupted), await ModelBytesAsync(restarted));
    }

    [Fact]
    public async Task CrashAfterASnapshotRound_JournalReplayDoesNotTeachTheDetectorTwice()
    {
        var uninterrupted = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(uninterrupted, Options()))
        {
            await WriteAsync(engine, 0, 320, Queue, Requests);
            await engine.Snapshotter.RunOnceAsync(Ct);
        }
        var running = NewDirectory();
        var crashed = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(running, Options()))
        {
            // The round sees points up to 249 (two chunks sealed, 240–249 in the head); 250–299 come after it.
            await WriteAsync(engine, 0, 250, Queue, Requests);
            await engine.Snapshotter.RunOnceAsync(Ct);
            await WriteAsync(engine, 250, 300, Queue, Requests);
            await engine.Writer.FlushAsync(Ct);
            // The files as a crash leaves them: nothing in flight, heads only in the journal, no final round.
            foreach (var file in Directory.GetFiles(running).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
            }
        }
        await using (var engine = await EngineHost.StartAsync(crashed, Options()))
        {
            // Replayed: 240–249 go to the head only (the model has learned them), 250–299 to the detector too.
            await WriteAsync(engine, 300, 320, Queue, Requests);
            await engine.Snapshotter.RunOnceAsync(Ct);
        }

        var expected = await SpikeAt311Async(uninterrupted);
        var actual = await SpikeAt311Async(crashed);
        Assert.Equal((expected.Score, expected.Evidence["expected"], expected.Evidence["upper"]), (actual.Score, actual.Evidence["expected"], actual.Evidence["upper"]));
        Assert.Equal(await ModelBytesAsync(uninterrupted), await ModelBytesAsync(crashed));
    }

    [Fact]
    public async Task Restart_AfterFalsePositive_StillQuietsTheSamePattern()
    {
        var dir = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(dir, Options()))
        {
            await WriteAsync(engine, 0, 200, Queue, Control);
            await MarkFalsePositiveAsync(engine, Assert.Single(await SignalsAsync(engine, Queue)));
        }
        await using (var engine = await EngineHost.StartAsync(dir, Options()))
        {
            await WriteAsync(engine, 200, 500, Queue, Control);

            Assert.True((await SignalsAsync(engine, Control)).Count >= 2, "precondition: without a verdict the repeated spikes alert again");
            Assert.Equal([T(150)], (await SignalsAsync(engine, Queue)).Select(s => s.Start));
        }
    }

    [Fact]
    public async Task Restart_WithoutAStoredModel_RebuildsTheVerdictsFromRecordedFeedback()
    {
        var dir = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(dir, Options()))
        {
            await WriteAsync(engine, 0, 200, Queue, Control);
            await MarkFalsePositiveAsync(engine, Assert.Single(await SignalsAsync(engine, Queue)));
        }
        DeleteModels(dir);
        await using (var engine = await EngineHost.StartAsync(dir, Options()))
        {
            // Both detectors re-learn (warm-up of 100 points), then see the spikes at 311 and 457.
            await WriteAsync(engine, 200, 500, Queue, Control);

            Assert.Contains(await SignalsAsync(engine, Control), s => s.Start > T(300));
            Assert.Equal([T(150)], (await SignalsAsync(engine, Queue)).Select(s => s.Start));
            // The rebuilt verdicts are written with the next round, as a model of their own.
            await engine.Snapshotter.RunOnceAsync(Ct);
            Assert.Single(SeriesModelCodec.Decode(await ModelOfAsync(engine, Queue)).Verdicts);
        }
    }

    [Fact]
    public async Task Restart_WithDamagedOrNewerModels_SkipsThemWithALogAndTheSeriesRelearn()
    {
        var dir = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(dir, Options()))
        {
            await WriteAsync(engine, 0, 300, Queue, Control);
        }
        var queueId = await IdOfAsync(dir, Queue);
        var controlId = await IdOfAsync(dir, Control);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "models.db")};Pooling=false"))
        {
            connection.Open();
            byte[] newer;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT state FROM series_models WHERE series_id = $control";
                read.Parameters.AddWithValue("$control", controlId);
                newer = (byte[])read.ExecuteScalar()!;
            }
            newer[4] = 2; // a model format this version does not know
            // Queue's row becomes random bytes, Control's a model of a newer format.
            using var damage = connection.CreateCommand();
            damage.CommandText = """
                UPDATE series_models SET state = randomblob(200) WHERE series_id = $queue;
                UPDATE series_models SET state = $newer WHERE series_id = $control;
                """;
            damage.Parameters.AddWithValue("$queue", queueId);
            damage.Parameters.AddWithValue("$control", controlId);
            damage.Parameters.AddWithValue("$newer", newer);
            Assert.Equal(2, damage.ExecuteNonQuery());
        }
        var logs = new RecordingLogs();
        await using (var engine = await EngineHost.StartAsync(dir, Options(), logs))
        {
            var outcome = await engine.Ingestor.IngestAsync(Batch(300, 20, Queue, Control), "test", Ct);

            Assert.Equal(IngestStatus.Accepted, outcome.Status);
            Assert.Equal(40, outcome.Result.Accepted);
            // Back in their warm-up, neither sees the spike at 311 (which a restored model flags: the first test).
            Assert.Equal([T(150)], (await SignalsAsync(engine, Queue)).Select(s => s.Start));
            Assert.Equal([T(150)], (await SignalsAsync(engine, Control)).Select(s => s.Start));
        }
        var skipped = logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains("re-learns", StringComparison.Ordinal)).ToList();
        Assert.Contains(skipped, l => l.Message.Contains(Queue.ToString(), StringComparison.Ordinal));
        Assert.Contains(skipped, l => l.Message.Contains(Control.ToString(), StringComparison.Ordinal) && l.Message.Contains("format 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_WithAnotherDetector_KeepsTheVerdictsAndRelearnsTheDetector()
    {
        var dir = NewDirectory();
        await using (var engine = await EngineHost.StartAsync(dir, Options()))
        {
            await WriteAsync(engine, 0, 200, Queue);
            await MarkFalsePositiveAsync(engine, Assert.Single(await SignalsAsync(engine, Queue)));
        }
        var logs = new RecordingLogs();
        await using (var engine = await EngineHost.StartAsync(dir, Options("robust"), logs))
        {
            await WriteAsync(engine, 200, 210, Queue);
            await engine.Snapshotter.RunOnceAsync(Ct);

            var model = SeriesModelCodec.Decode(await ModelOfAsync(engine, Queue));
            Assert.Single(model.Verdicts);
            Assert.Equal(SignalVerdict.FalsePositive, model.Verdicts[0].Verdict);
        }
        Assert.Contains(logs.Lines, l => l.Message.Contains("learned by detector vigil, not Engine:Detector robust", StringComparison.Ordinal)
            && l.Message.Contains(Queue.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SnapshotRound_WritesOnlySeriesThatChanged()
    {
        var dir = NewDirectory();
        await using var engine = await EngineHost.StartAsync(dir, Options());
        await WriteAsync(engine, 0, 50, Queue, Control);

        var first = await engine.Snapshotter.RunOnceAsync(Ct);
        var idle = await engine.Snapshotter.RunOnceAsync(Ct);
        await WriteAsync(engine, 50, 60, Queue);
        var one = await engine.Snapshotter.RunOnceAsync(Ct);

        Assert.Equal(2, first.Models);
        Assert.True(first.Bytes > 1000, $"{first.Bytes} bytes for two ensemble models");
        Assert.Equal(0, idle.Models);
        Assert.Equal(1, one.Models);
        var (bytes, models) = await engine.Models.StatsAsync(Ct);
        Assert.Equal(2, models);
        Assert.True(bytes >= first.Bytes * 0.9, $"{bytes} bytes stored");
    }

    [Fact]
    public async Task SnapshotRound_DeletesModelsNotWrittenWithinRetention()
    {
        var dir = NewDirectory();
        await using var engine = await EngineHost.StartAsync(dir, Options());
        await WriteAsync(engine, 0, 50, Queue, Control);
        await engine.Snapshotter.RunOnceAsync(Ct);

        // Queue keeps its samples coming; Control stops. Retention (15 days) later, only Queue's model is left.
        engine.Time.Advance(TimeSpan.FromDays(10));
        await WriteAsync(engine, 50, 60, Queue);
        await engine.Snapshotter.RunOnceAsync(Ct);
        engine.Time.Advance(TimeSpan.FromDays(6));
        await engine.Snapshotter.RunOnceAsync(Ct);

        Assert.Equal(1, (await engine.Models.StatsAsync(Ct)).Models);
        Assert.NotEmpty(await ModelOfAsync(engine, Queue));
    }

    private static double[] MakeValues()
    {
        var random = new Random(5);
        var values = new double[500];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i is 150 or 311 or 457 ? 1000 : 100 + (random.NextDouble() * 4);
        }
        return values;
    }

    private static DateTimeOffset T(int i) => EngineHost.Epoch + TimeSpan.FromMilliseconds(i * Step);

    private static double ValueOf(SeriesKey key, int i) => key == Requests ? Totals[i] : Values[i];

    private static MetricBatch Batch(int from, int count, params SeriesKey[] keys) =>
        new([.. keys.Select(k => new SeriesSamples(k, [.. Enumerable.Range(from, count).Select(i => new Sample(T(i).ToUnixTimeMilliseconds(), ValueOf(k, i)))]))]);

    private static async Task WriteAsync(EngineHost engine, int from, int to, params SeriesKey[] keys)
    {
        // Requests of 50 points, as a scraper would send them.
        for (var at = from; at < to; at += 50)
        {
            var outcome = await engine.Ingestor.IngestAsync(Batch(at, Math.Min(to, at + 50) - at, keys), "test", Ct);
            Assert.Equal(IngestStatus.Accepted, outcome.Status);
        }
    }

    private static async Task<IReadOnlyList<Signal>> SignalsAsync(EngineHost engine, SeriesKey key) =>
        [.. (await engine.Signals.QueryAsync(new SignalQuery { Kind = SignalKind.MetricAnomaly, Entity = key.ToString() }, Ct)).OrderBy(s => s.Start)];

    private static async Task MarkFalsePositiveAsync(EngineHost engine, Signal signal)
    {
        // What POST /api/v1/signals/{fingerprint}/{start}/feedback does: record, then tell the series.
        await engine.Signals.RecordFeedbackAsync(new SignalFeedback(signal.Fingerprint, signal.Start, SignalVerdict.FalsePositive, "alice", engine.Time.GetUtcNow()), Ct);
        Assert.True(await engine.Services.GetRequiredService<AnomalyFeedback>().ApplyAsync(signal, SignalVerdict.FalsePositive));
    }

    private static async Task<Signal> SpikeAt311Async(string dir)
    {
        await using var engine = await EngineHost.StartAsync(dir, Options());
        return Assert.Single(await SignalsAsync(engine, Queue), s => s.Start == T(311));
    }

    private static async Task<long> IdOfAsync(string dir, SeriesKey key)
    {
        await using var engine = await EngineHost.StartAsync(dir, Options());
        return engine.Series.Find([new LabelMatcher("__name__", LabelMatchType.Equal, key.MetricName)]).Single(e => e.Key == key).Id.Value;
    }

    private static async Task<byte[]> ModelOfAsync(EngineHost engine, SeriesKey key)
    {
        var id = engine.Series.Find([new LabelMatcher("__name__", LabelMatchType.Equal, key.MetricName)]).Single(e => e.Key == key).Id;
        return (await engine.Models.LoadShardAsync(key.ShardOf(4), 4, Ct)).Single(m => m.Series == id).State;
    }

    private static async Task<byte[][]> ModelBytesAsync(string dir)
    {
        await using var engine = await EngineHost.StartAsync(dir, Options());
        return [await ModelOfAsync(engine, Queue), await ModelOfAsync(engine, Requests)];
    }

    private static void DeleteModels(string dir)
    {
        foreach (var file in Directory.GetFiles(dir, "models.db*"))
        {
            File.Delete(file);
        }
    }

    private string NewDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-models-").FullName;
        _dirs.Add(dir);
        return dir;
    }
}
