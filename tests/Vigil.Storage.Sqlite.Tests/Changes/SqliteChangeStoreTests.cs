using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Core.Topology;

namespace Vigil.Storage.Sqlite.Tests.Changes;

public sealed class SqliteChangeStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static ChangeEvent Change(string entity, int minutes, ChangeKind kind = ChangeKind.Deploy) =>
        new(entity, T0.AddMinutes(minutes), $"{kind} of {entity} at +{minutes}m") { Kind = kind, Labels = Labels.From("version", $"1.{minutes}") };

    [Fact]
    public async Task AddAsync_ThenReopen_ReadsBackEqual()
    {
        await using var store = TempStore.Create();
        var change = Change("service/checkout", 3, ChangeKind.Config);
        await store.Store.Changes.AddAsync(change);

        await store.ReopenAsync();

        Assert.Equal([change], await store.Store.Changes.QueryAsync(new ChangeQuery()));
    }

    [Fact]
    public async Task QueryAsync_Filters_NewestFirstWithinLimit()
    {
        await using var store = TempStore.Create();
        foreach (var c in new[] { Change("a", 0), Change("b", 1), Change("a", 2), Change("a", 4), Change("a", 9) })
        {
            await store.Store.Changes.AddAsync(c);
        }

        var found = await store.Store.Changes.QueryAsync(new ChangeQuery { Entity = "a", From = T0.AddMinutes(1), To = T0.AddMinutes(9), Limit = 2 });

        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(4)], found.Select(c => c.Timestamp));
    }

    [Fact]
    public async Task RecentAsync_Window_OldestFirstInclusive()
    {
        await using var store = TempStore.Create();
        foreach (var c in new[] { Change("a", 5), Change("b", 1), Change("c", 10), Change("d", 11) })
        {
            await store.Store.Changes.AddAsync(c);
        }

        var found = await store.Store.Changes.RecentAsync(T0.AddMinutes(1), T0.AddMinutes(10));

        Assert.Equal(["b", "a", "c"], found.Select(c => c.Entity));
    }
}
