using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.Topology;

public sealed class TopologyGraphTests
{
    // frontend → checkout → payments → db ; checkout → inventory ; payments runs on host-1
    private static TopologyGraph Shop() => TopologyGraph.Create(
        [new Entity("db", EntityKind.Database)],
        [
            new TopologyEdge("frontend", "checkout"),
            new TopologyEdge("checkout", "payments"),
            new TopologyEdge("checkout", "inventory"),
            new TopologyEdge("payments", "db", EdgeKind.DependsOn),
            new TopologyEdge("payments", "host-1", EdgeKind.RunsOn),
        ]);

    [Fact]
    public void Create_EdgesOnly_AddsUnknownEntitiesAndKeepsDeclaredKinds()
    {
        var graph = Shop();
        Assert.Equal(["checkout", "db", "frontend", "host-1", "inventory", "payments"], graph.Entities.Select(e => e.Id));
        Assert.Equal(EntityKind.Database, graph.Find("db")!.Kind);
        Assert.Equal(EntityKind.Unknown, graph.Find("checkout")!.Kind);
    }

    [Fact]
    public void DependenciesOf_AndDependentsOf_AreDirectAndOrdered()
    {
        var graph = Shop();
        Assert.Equal(["inventory", "payments"], graph.DependenciesOf("checkout").Select(e => e.To));
        Assert.Equal(["checkout"], graph.DependentsOf("payments").Select(e => e.From));
        Assert.Empty(graph.DependenciesOf("db"));
        Assert.Empty(graph.DependenciesOf("nowhere"));
    }

    [Fact]
    public void TransitiveDependenciesOf_Frontend_ReachesEverythingWithHops()
    {
        var reach = Shop().TransitiveDependenciesOf("frontend");
        Assert.Equal(0, reach["frontend"]);
        Assert.Equal(1, reach["checkout"]);
        Assert.Equal(2, reach["payments"]);
        Assert.Equal(3, reach["db"]);
        Assert.Equal(3, reach["host-1"]);
    }

    [Fact]
    public void TransitiveDependentsOf_Db_IsEveryoneAffected()
    {
        var reach = Shop().TransitiveDependentsOf("db");
        Assert.Equal(["checkout", "db", "frontend", "payments"], reach.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ShortestPath_IgnoresDirection_AndRespectsMaxHops()
    {
        var graph = Shop();
        Assert.Equal(["inventory", "checkout", "payments", "db"], graph.ShortestPath("inventory", "db"));
        Assert.Equal(3, graph.Distance("inventory", "db"));
        Assert.Null(graph.Distance("inventory", "db", maxHops: 2));
        Assert.Equal(0, graph.Distance("db", "db"));
        Assert.Empty(graph.ShortestPath("db", "unknown"));
    }

    [Fact]
    public void ShortestPath_TiedRoutes_TakesOrdinallySmallestNeighbour()
    {
        var graph = TopologyGraph.Create(new TopologyEdge("a", "c"), new TopologyEdge("a", "b"), new TopologyEdge("b", "d"), new TopologyEdge("c", "d"));
        Assert.Equal(["a", "b", "d"], graph.ShortestPath("a", "d"));
    }
}
