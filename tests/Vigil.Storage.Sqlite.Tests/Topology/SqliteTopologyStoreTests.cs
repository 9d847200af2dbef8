using Vigil.Core.Series;
using Vigil.Core.Topology;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests.Topology;

public sealed class SqliteTopologyStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReplaceAsync_ThenReopen_ReadsBackEntitiesEdgesAndTimes()
    {
        await using var store = TempStore.Create();
        var db = new Entity("db-1", EntityKind.Database) { Labels = Labels.From("team", "data") };
        await store.Store.Topology.ReplaceAsync(TopologySource.Declared, [db, new Entity("checkout", EntityKind.Service)],
            [new TopologyEdge("checkout", "db-1", EdgeKind.DependsOn)], T0);

        await store.ReopenAsync();
        var snapshot = await store.Store.Topology.LoadAsync();

        Assert.Equal([new StoredEntity(new Entity("checkout", EntityKind.Service), TopologySource.Declared, T0, T0), new StoredEntity(db, TopologySource.Declared, T0, T0)],
            snapshot.Entities);
        Assert.Equal([new StoredEdge(new TopologyEdge("checkout", "db-1", EdgeKind.DependsOn), TopologySource.Declared, T0, T0)], snapshot.Edges);
    }

    [Fact]
    public async Task ReplaceAsync_Again_DropsMissingKeepsFirstSeenAndLeavesOtherSource()
    {
        await using var store = TempStore.Create();
        var topology = store.Store.Topology;
        await topology.ReplaceAsync(TopologySource.Inferred, [new Entity("a"), new Entity("b")], [new TopologyEdge("a", "b")], T0);
        await topology.UpsertAsync(TopologySource.Declared, [new Entity("a", EntityKind.Service)], [], T0);

        await topology.ReplaceAsync(TopologySource.Inferred, [new Entity("a"), new Entity("c")], [new TopologyEdge("a", "c")], T0.AddMinutes(5));
        var snapshot = await topology.LoadAsync();

        Assert.Equal(
            [("a", TopologySource.Declared, T0, T0), ("a", TopologySource.Inferred, T0, T0.AddMinutes(5)), ("c", TopologySource.Inferred, T0.AddMinutes(5), T0.AddMinutes(5))],
            snapshot.Entities.Select(e => (e.Entity.Id, e.Source, e.FirstSeen, e.LastSeen)));
        Assert.Equal([new TopologyEdge("a", "c")], snapshot.Edges.Select(e => e.Edge));
    }

    [Fact]
    public async Task DeleteEntityAsync_RemovesItsEdgesOfThatSourceOnly()
    {
        await using var store = TempStore.Create();
        var topology = store.Store.Topology;
        await topology.UpsertAsync(TopologySource.Declared, [new Entity("a"), new Entity("b")], [new TopologyEdge("a", "b"), new TopologyEdge("b", "c")], T0);
        await topology.UpsertAsync(TopologySource.Inferred, [new Entity("a")], [new TopologyEdge("a", "b")], T0);

        Assert.True(await topology.DeleteEntityAsync(TopologySource.Declared, "a"));
        Assert.False(await topology.DeleteEntityAsync(TopologySource.Declared, "a"));
        var snapshot = await topology.LoadAsync();

        Assert.Equal([("a", TopologySource.Inferred), ("b", TopologySource.Declared)], snapshot.Entities.Select(e => (e.Entity.Id, e.Source)));
        Assert.Equal([(new TopologyEdge("a", "b"), TopologySource.Inferred), (new TopologyEdge("b", "c"), TopologySource.Declared)], snapshot.Edges.Select(e => (e.Edge, e.Source)));
    }

    [Fact]
    public async Task DeleteEdgeAsync_MatchesKind()
    {
        await using var store = TempStore.Create();
        var topology = store.Store.Topology;
        await topology.UpsertAsync(TopologySource.Declared, [], [new TopologyEdge("a", "b", EdgeKind.Calls)], T0);

        Assert.False(await topology.DeleteEdgeAsync(TopologySource.Declared, new TopologyEdge("a", "b", EdgeKind.RunsOn)));
        Assert.True(await topology.DeleteEdgeAsync(TopologySource.Declared, new TopologyEdge("a", "b", EdgeKind.Calls)));
        Assert.Empty((await topology.LoadAsync()).Edges);
    }
}
