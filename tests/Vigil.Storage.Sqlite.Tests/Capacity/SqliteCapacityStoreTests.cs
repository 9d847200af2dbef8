using Vigil.Core.Storage;
using Vigil.Storage.Sqlite.Capacity;

namespace Vigil.Storage.Sqlite.Tests.Capacity;

/// <summary>Capacity targets and findings in <c>capacity.db</c>: round trips, replacement, deletion, reopening.</summary>
public sealed class SqliteCapacityStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-storage-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpsertTarget_Reopened_ReadsBackEqual()
    {
        var target = new CapacityTarget("var-disk", "disk_used_bytes{mountpoint=\"/var\"}", null, "disk_size_bytes",
            TimeSpan.FromDays(7), TimeSpan.FromMinutes(5), TimeSpan.FromDays(14), FromConfig: true);
        using (var store = SqliteCapacityStore.Open(_directory))
        {
            await store.UpsertTargetAsync(target, Ct);
        }

        using var reopened = SqliteCapacityStore.Open(_directory);

        Assert.Equal(target, Assert.Single(await reopened.ListTargetsAsync(Ct)));
        Assert.Equal(target, await reopened.FindTargetAsync("var-disk", Ct));
        Assert.Null(await reopened.FindTargetAsync("other", Ct));
    }

    [Fact]
    public async Task ReplaceFindings_SecondEvaluation_OnlyItsFindingsKept()
    {
        using var store = SqliteCapacityStore.Open(_directory);
        await store.UpsertTargetAsync(new CapacityTarget("t", "up", 1, null, TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromDays(2)), Ct);
        var expected = new CapacityFinding("t", "up{instance=\"a\"}", At, CapacityOutcome.Expected, 3, 2, null, 80, 0.7, 7, 0.5, 1, "fills in ~3 days");
        var failed = new CapacityFinding("t", "up{instance=\"b\"}", At, CapacityOutcome.Failed, null, null, null, 80, 0, 7, double.NaN, 1, "too few points");

        await store.ReplaceFindingsAsync("t", [expected, failed], Ct);
        var first = await store.FindingsAsync("t", Ct);
        await store.ReplaceFindingsAsync("t", [expected with { EvaluatedAt = At.AddMinutes(5) }], Ct);
        var second = await store.FindingsAsync("t", Ct);

        Assert.Equal([expected, failed], first);
        Assert.Equal([expected with { EvaluatedAt = At.AddMinutes(5) }], second);
    }

    [Fact]
    public async Task DeleteTarget_WithFindings_BothGone()
    {
        using var store = SqliteCapacityStore.Open(_directory);
        await store.UpsertTargetAsync(new CapacityTarget("t", "up", 1, null, TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromDays(2)), Ct);
        await store.ReplaceFindingsAsync("t", [new CapacityFinding("t", "up", At, CapacityOutcome.NotExpected, null, null, null, 80, 0, 1, 0, 1, "")], Ct);

        Assert.True(await store.DeleteTargetAsync("t", Ct));
        Assert.False(await store.DeleteTargetAsync("t", Ct));
        Assert.Empty(await store.ListTargetsAsync(Ct));
        Assert.Empty(await store.FindingsAsync("t", Ct));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
