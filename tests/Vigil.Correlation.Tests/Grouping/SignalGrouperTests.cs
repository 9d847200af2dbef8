using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Grouping;
using Vigil.Correlation.Topology;
using static Vigil.Correlation.Tests.Grouping.SignalDeduplicatorTests;

namespace Vigil.Correlation.Tests.Grouping;

public sealed class SignalGrouperTests
{
    // frontend → checkout → payments → db ; search → index (unrelated to the shop)
    private static readonly TopologyGraph Graph = TopologyGraph.Create(
        new TopologyEdge("frontend", "checkout"),
        new TopologyEdge("checkout", "payments"),
        new TopologyEdge("payments", "db"),
        new TopologyEdge("search", "index"));

    [Fact]
    public void Group_SameService40sApart_OneGroupWithReason()
    {
        var groups = new SignalGrouper(Graph).Group([Make("checkout", 0), Make("checkout", 40, kind: SignalKind.LogAnomaly)]);

        var group = Assert.Single(groups);
        Assert.Equal(2, group.Members.Length);
        var reason = Assert.Single(group.Reasons);
        Assert.Equal(SignalRelation.SameEntity, reason.Relation);
        Assert.Equal("same entity checkout, 40 s apart", reason.ToString());
    }

    [Fact]
    public void Group_SameKnownService_ReasonNamesItsKind()
    {
        var graph = TopologyGraph.Create([new Entity("checkout", EntityKind.Service)], [new TopologyEdge("checkout", "payments")]);
        var groups = new SignalGrouper(graph).Group([Make("checkout", 0), Make("checkout", 40, kind: SignalKind.SloBurn)]);
        Assert.Equal("same service checkout, 40 s apart", Assert.Single(Assert.Single(groups).Reasons).ToString());
    }

    [Fact]
    public void Group_CallerAndCallee_JoinThroughTopology()
    {
        var groups = new SignalGrouper(Graph).Group([Make("checkout", 0), Make("payments", 40)]);

        var reason = Assert.Single(Assert.Single(groups).Reasons);
        Assert.Equal(SignalRelation.Topology, reason.Relation);
        Assert.Equal("40 s apart, checkout → payments", reason.ToString());
    }

    [Fact]
    public void Group_TooFarInTopology_SeparateGroups()
    {
        var groups = new SignalGrouper(Graph, new GroupingOptions { MaxTopologyHops = 2 }).Group([Make("frontend", 0), Make("db", 30)]);
        Assert.Equal(2, groups.Length);
    }

    [Fact]
    public void Group_TooFarInTime_SeparateGroups()
    {
        var groups = new SignalGrouper(Graph).Group([Make("checkout", 0, 60), Make("payments", 60 + 301)]);
        Assert.Equal(2, groups.Length);
    }

    [Fact]
    public void Group_LongOpenSignal_KeepsGroupActiveUntilItEnds()
    {
        var groups = new SignalGrouper(Graph).Group([Make("checkout", 0, 3600), Make("payments", 3000)]);
        Assert.Single(groups);
    }

    [Fact]
    public void Group_UnrelatedServicesSameTime_SeparateGroups()
    {
        var groups = new SignalGrouper(Graph).Group([Make("checkout", 0), Make("index", 5), Make("payments", 10), Make("search", 15)]);

        Assert.Equal(2, groups.Length);
        Assert.Equal(["checkout", "payments"], groups[0].Members.Select(m => m.Signal.Entity));
        Assert.Equal(["index", "search"], groups[1].Members.Select(m => m.Signal.Entity));
        Assert.Equal(1, groups[0].Number);
        Assert.Equal(2, groups[1].Number);
    }

    [Fact]
    public void Group_NoTopologyButAlikeLabels_JoinBySimilarity()
    {
        var a = Labels.From("cluster", "eu-1", "namespace", "shop", "pod", "api-1");
        var b = Labels.From("cluster", "eu-1", "namespace", "shop", "pod", "api-1", "container", "app");
        var groups = new SignalGrouper().Group([Make("pod/api-1", 0, labels: a), Make("container/app", 20, labels: b)]);

        var reason = Assert.Single(Assert.Single(groups).Reasons);
        Assert.Equal(SignalRelation.SimilarLabels, reason.Relation);
        Assert.Equal("labels 75% alike, 20 s apart", reason.ToString());
    }

    [Fact]
    public void Group_EntityWithKindPrefix_ResolvesToTopologyNode()
    {
        var groups = new SignalGrouper(Graph).Group([Make("service/checkout", 0, labels: Labels.From("env", "prod")), Make("service/payments", 10, labels: Labels.From("env", "prod", "x", "1", "y", "2"))]);
        Assert.Equal(SignalRelation.Topology, Assert.Single(Assert.Single(groups).Reasons).Relation);
    }

    [Fact]
    public void Group_Duplicates_CountedNotRepeated()
    {
        var group = Assert.Single(new SignalGrouper(Graph).Group([Make("checkout", 0, 30), Make("checkout", 60, 90), Make("payments", 100)]));
        Assert.Equal(2, group.Members.Length);
        Assert.Equal(3, group.SignalCount);
    }

    [Fact]
    public void Group_SameEntityBeatsAlikeLabels()
    {
        var indexLabels = Labels.From("service", "index", "zone", "a");
        var groups = new SignalGrouper(Graph).Group([
            Make("checkout", 0),
            Make("index", 1, labels: indexLabels),
            Make("checkout", 50, kind: SignalKind.LogAnomaly, labels: indexLabels),
        ]);

        Assert.Equal(2, groups.Length);
        Assert.Equal(2, groups[0].Members.Length);
        Assert.Equal(SignalRelation.SameEntity, Assert.Single(groups[0].Reasons).Relation);
    }

    [Fact]
    public void LabelSimilarity_IgnoresMetricName()
    {
        var a = Labels.From("__name__", "up", "job", "api");
        var b = Labels.From("__name__", "latency", "job", "api");
        Assert.Equal(1.0, SignalGrouper.LabelSimilarity(a, b));
        Assert.Equal(0.0, SignalGrouper.LabelSimilarity(Labels.Empty, Labels.Empty));
    }

    [Fact]
    public void Options_SimilarityOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalGrouper(options: new GroupingOptions { MinLabelSimilarity = 0 }));
}
