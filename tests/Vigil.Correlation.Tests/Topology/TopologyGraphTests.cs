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

    [Fact]
    public void With_OneEdgeAtATime_AnswersAsCreateFromAllOfThem()
    {
        // 3,000 edges added a few at a time cross the point where the additions are frozen into the graph (1,024).
        var random = new Random(7);
        var kinds = new[] { EdgeKind.Calls, EdgeKind.RunsOn, EdgeKind.DependsOn, EdgeKind.PartOf };
        var edges = Enumerable.Range(0, 3_000)
            .Select(_ => new TopologyEdge($"n{random.Next(800)}", $"n{random.Next(800)}", kinds[random.Next(kinds.Length)]))
            .ToList();
        edges.AddRange(edges.Take(50)); // repeats are ignored
        var entities = new[] { new Entity("n1", EntityKind.Database), new Entity("lonely", EntityKind.Host) };
        var graph = TopologyGraph.Create(entities, edges.Take(400));
        // What Create makes of everything, given that an entity known before keeps its kind (as Create keeps a declared
        // kind over the Unknown of an edge's end): the kinds as they were first known.
        var kindOf = graph.Entities.ToDictionary(e => e.Id, e => e.Kind);
        for (var at = 400; at < edges.Count; at += 7)
        {
            var entity = new Entity($"n{at % 800}", EntityKind.Service);
            var step = edges.Skip(at).Take(7).ToList();
            graph = graph.With([entity], step);
            kindOf.TryAdd(entity.Id, entity.Kind);
            foreach (var e in step)
            {
                kindOf.TryAdd(e.From, EntityKind.Unknown);
                kindOf.TryAdd(e.To, EntityKind.Unknown);
            }
        }
        var expected = TopologyGraph.Create(kindOf.Select(k => new Entity(k.Key, k.Value)), edges);

        Assert.Equal(expected.Edges, graph.Edges);
        Assert.Equal(expected.Entities, graph.Entities);
        foreach (var e in expected.Entities)
        {
            Assert.Equal(expected.DependenciesOf(e.Id), graph.DependenciesOf(e.Id));
            Assert.Equal(expected.DependentsOf(e.Id), graph.DependentsOf(e.Id));
        }
        foreach (var (from, to) in new[] { ("n1", "n2"), ("n10", "n700"), ("n3", "n3"), ("lonely", "n5") })
        {
            Assert.Equal(expected.ShortestPath(from, to), graph.ShortestPath(from, to));
            Assert.Equal(expected.TransitiveDependenciesOf(from), graph.TransitiveDependenciesOf(from));
            Assert.Equal(expected.TransitiveDependentsOf(to), graph.TransitiveDependentsOf(to));
        }
        Assert.Equal(EntityKind.Database, graph.Find("n1")!.Kind);
    }

    [Fact]
    public void With_LeavesTheGraphItCameFromUnchanged()
    {
        var shop = Shop();
        var grown = shop.With([new Entity("cache", EntityKind.Database)], [new TopologyEdge("checkout", "cache"), new TopologyEdge("payments", "db", EdgeKind.DependsOn)]);

        Assert.Equal(["inventory", "payments"], shop.DependenciesOf("checkout").Select(e => e.To));
        Assert.False(shop.Contains("cache"));
        Assert.Equal(["cache", "inventory", "payments"], grown.DependenciesOf("checkout").Select(e => e.To));
        Assert.Equal(EntityKind.Database, grown.Find("cache")!.Kind);
        Assert.Equal(shop.Edges.Length + 1, grown.Edges.Length);
        Assert.Equal(["checkout", "cache"], grown.ShortestPath("checkout", "cache"));
    }
}
