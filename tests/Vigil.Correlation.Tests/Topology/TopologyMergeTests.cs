using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.Topology;

public sealed class TopologyMergeTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static StoredEntity E(string id, EntityKind kind, TopologySource source, Labels? labels = null) =>
        new(new Entity(id, kind) { Labels = labels ?? Labels.Empty }, source, T, T);

    private static StoredEdge L(string from, string to, EdgeKind kind, TopologySource source) => new(new TopologyEdge(from, to, kind), source, T, T);

    [Fact]
    public void ToGraph_EntityDeclaredAndInferred_DeclaredKindAndLabelsWin()
    {
        var snapshot = new TopologySnapshot(
            [E("db", EntityKind.Database, TopologySource.Declared, Labels.From("team", "data")), E("db", EntityKind.Service, TopologySource.Inferred)],
            []);

        var entity = TopologyMerge.ToGraph(snapshot).Find("db");

        Assert.Equal(EntityKind.Database, entity!.Kind);
        Assert.Equal("data", entity.Labels.Get("team"));
    }

    [Fact]
    public void ToGraph_InferredEdgeContradictsDeclaredPair_Dropped()
    {
        var snapshot = new TopologySnapshot(
            [],
            [
                L("checkout", "payments", EdgeKind.Calls, TopologySource.Declared),
                L("payments", "checkout", EdgeKind.Calls, TopologySource.Inferred),
                L("checkout", "host/a", EdgeKind.RunsOn, TopologySource.Inferred),
            ]);

        var graph = TopologyMerge.ToGraph(snapshot);

        Assert.Equal([new TopologyEdge("checkout", "host/a", EdgeKind.RunsOn), new TopologyEdge("checkout", "payments", EdgeKind.Calls)], graph.Edges);
    }

    [Fact]
    public void ToGraph_OnlyInferred_KeptWhole()
    {
        var snapshot = new TopologySnapshot([E("service/a", EntityKind.Service, TopologySource.Inferred)], [L("service/a", "host/h", EdgeKind.RunsOn, TopologySource.Inferred)]);

        var graph = TopologyMerge.ToGraph(snapshot);

        Assert.Equal(["host/h", "service/a"], graph.Entities.Select(e => e.Id));
        Assert.Single(graph.Edges);
    }
}
