using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests.Models;

public sealed class SqliteModelStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static StoredModel Model(long id, int shard, byte fill, int shards = 4) =>
        new(new SeriesId(id), shard, shards, "vigil", 1_000 + id, [.. Enumerable.Repeat(fill, 100 + (int)id)]);

    [Fact]
    public async Task SaveAsync_ThenReopen_LoadsEachShardsModelsAndTheLatestOfEach()
    {
        await using var store = TempStore.Create();
        await store.Store.Models.SaveAsync([Model(1, 0, 1), Model(2, 1, 2), Model(3, 0, 3)]);
        await store.Store.Models.SaveAsync([Model(1, 0, 9)]);

        await store.ReopenAsync();

        var shard0 = (await store.Store.Models.LoadShardAsync(0, 4)).OrderBy(m => m.Series.Value).ToList();
        Assert.Equal([1L, 3L], shard0.Select(m => m.Series.Value));
        Assert.Equal(Model(1, 0, 9).State, shard0[0].State);
        Assert.Equal(("vigil", 1_001L), (shard0[0].Detector, shard0[0].SavedAtMs));
        Assert.Equal(2, Assert.Single(await store.Store.Models.LoadShardAsync(1, 4)).Series.Value);
        Assert.Empty(await store.Store.Models.LoadShardAsync(2, 4));
        // Written with 4 shards: a deployment of 8 finds none of them where its shards look.
        Assert.Empty(await store.Store.Models.LoadShardAsync(0, 8));
        Assert.Equal((101L + 103 + 102, 3L), await store.Store.Models.StatsAsync());
    }

    [Fact]
    public async Task VerdictsAsync_ReturnsVerdictsOnSignalsOfTheKindWithTheirEvidence_OldestFirst()
    {
        await using var store = TempStore.Create();
        var anomaly = Signal(SignalKind.MetricAnomaly, "cpu", 0);
        var alert = Signal(SignalKind.ExternalAlert, "disk", 1);
        await store.Store.Signals.UpsertAsync([anomaly, alert]);
        await store.Store.Signals.RecordFeedbackAsync(new SignalFeedback(anomaly.Fingerprint, anomaly.Start, SignalVerdict.FalsePositive, "ana", T0.AddHours(1)));
        await store.Store.Signals.RecordFeedbackAsync(new SignalFeedback(alert.Fingerprint, alert.Start, SignalVerdict.Confirmed, "bo", T0.AddHours(2)));
        await store.Store.Signals.RecordFeedbackAsync(new SignalFeedback(anomaly.Fingerprint, anomaly.Start, SignalVerdict.Confirmed, "cy", T0.AddHours(3), "real after all"));

        var verdicts = await store.Store.Models.VerdictsAsync(SignalKind.MetricAnomaly);

        Assert.Equal([SignalVerdict.FalsePositive, SignalVerdict.Confirmed], verdicts.Select(v => v.Feedback.Verdict));
        Assert.All(verdicts, v => Assert.Equal(anomaly, v.Signal));
        Assert.Equal(("cy", T0.AddHours(3), "real after all"), (verdicts[1].Feedback.Actor, verdicts[1].Feedback.At, verdicts[1].Feedback.Comment));
    }

    private static Signal Signal(SignalKind kind, string entity, int minutes)
    {
        var labels = Labels.From("__name__", entity, "job", "node");
        return new Signal
        {
            Kind = kind,
            Entity = entity,
            Start = T0.AddMinutes(minutes),
            Score = 0.9,
            Severity = 90,
            Summary = entity + " high",
            Evidence = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("series_id", "7"), new("observed", "812")]),
            Labels = labels,
            Fingerprint = Core.Signals.Signal.ComputeFingerprint(kind, entity, labels),
        };
    }
}
