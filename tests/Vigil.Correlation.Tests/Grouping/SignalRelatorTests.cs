using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Grouping;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.Grouping;

public sealed class SignalRelatorTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    // web → checkout → payments → db, and checkout runs on host-1 like search.
    private static readonly TopologyGraph Graph = TopologyGraph.Create(
        [new Entity("web", EntityKind.Service), new Entity("checkout", EntityKind.Service), new Entity("payments", EntityKind.Service),
         new Entity("db", EntityKind.Database), new Entity("search", EntityKind.Service), new Entity("host-1", EntityKind.Host)],
        [new TopologyEdge("web", "checkout", EdgeKind.Calls), new TopologyEdge("checkout", "payments", EdgeKind.Calls),
         new TopologyEdge("payments", "db", EdgeKind.Calls), new TopologyEdge("checkout", "host-1", EdgeKind.RunsOn),
         new TopologyEdge("search", "host-1", EdgeKind.RunsOn)]);

    private static Signal Make(string entity, int startSeconds) => new()
    {
        Kind = SignalKind.MetricAnomaly,
        Entity = entity,
        Start = T0.AddSeconds(startSeconds),
        Score = 0.9,
        Severity = 90,
        Summary = $"{entity} anomalous",
        Labels = Labels.From("service", entity),
        Fingerprint = Signal.ComputeFingerprint(SignalKind.MetricAnomaly, entity, Labels.From("service", entity)),
    };

    [Fact]
    public void Relate_DefaultHops_DirectNeighbourOnly()
    {
        var relator = new SignalRelator(Graph, new GroupingOptions());

        var near = relator.Relate(Make("payments", 30), "payments", Make("checkout", 0), "checkout");
        var far = relator.Relate(Make("db", 30), "db", Make("checkout", 0), "checkout");
        var throughHost = relator.Relate(Make("search", 30), "search", Make("checkout", 0), "checkout");

        Assert.Equal(SignalRelation.Topology, near?.Reason.Relation);
        Assert.Null(far);
        Assert.Null(throughHost);
    }

    [Fact]
    public void Relate_TwoHopsAllowed_ReachesThroughASilentMiddle()
    {
        var relator = new SignalRelator(Graph, new GroupingOptions { MaxTopologyHops = 2 });

        var far = relator.Relate(Make("db", 30), "db", Make("checkout", 0), "checkout");

        Assert.NotNull(far);
        Assert.Equal(["checkout", "payments", "db"], far.Value.Reason.Path.ToArray());
    }

    [Fact]
    public void LabelSimilarity_IgnoresMetricName()
    {
        var a = Labels.From("__name__", "up", "job", "api");
        var b = Labels.From("__name__", "latency", "job", "api");
        Assert.Equal(1.0, SignalRelator.LabelSimilarity(a, b));
        Assert.Equal(0.0, SignalRelator.LabelSimilarity(Labels.Empty, Labels.Empty));
    }

    [Fact]
    public void Options_SimilarityOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupingOptions { MinLabelSimilarity = 0 }.Validate());
}
