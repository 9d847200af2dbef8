using Vigil.Core.Topology;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.RootCause;

public sealed class RootCauseRankerTests
{
    private static readonly DateTimeOffset Trigger = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly RootCauseOptions Options = new();

    // frontend → checkout → payments → db ; checkout → inventory
    private static readonly TopologyGraph Shop = TopologyGraph.Create(
        new TopologyEdge("frontend", "checkout"),
        new TopologyEdge("checkout", "payments"),
        new TopologyEdge("checkout", "inventory"),
        new TopologyEdge("payments", "db"));

    private static Dictionary<string, NodeAnomaly> Anomalies(params (string Node, double Strength)[] nodes) =>
        nodes.ToDictionary(n => n.Node, n => new NodeAnomaly(n.Node, n.Strength), StringComparer.Ordinal);

    private static IReadOnlyList<RootCauseCandidate> Rank(Dictionary<string, NodeAnomaly> anomalies, IReadOnlyList<ChangeEvent>? changes = null, string target = "frontend") =>
        RootCauseRanker.Rank(Shop, target, "latency", anomalies, Trigger, changes ?? [], Options);

    [Fact]
    public void Rank_FaultInPayments_PaymentsFirstWithItsEvidence()
    {
        var ranked = Rank(Anomalies(("frontend", 8), ("checkout", 9), ("payments", 20), ("db", 0.5), ("inventory", 0.2)));

        Assert.Equal("payments", ranked[0].Node);
        Assert.Equal("latency", ranked[0].Metric);
        Assert.Contains(ranked[0].Evidence, e => e.Kind == EvidenceKind.NormalDependencies);
        Assert.Contains(ranked[0].Evidence, e => e.Kind == EvidenceKind.AnomalousDependents && e.Text.Contains("checkout", StringComparison.Ordinal));
        Assert.Contains(ranked[0].Evidence, e => e.Kind == EvidenceKind.Position && e.Value == 2);
        Assert.DoesNotContain(ranked, c => c.Node is "db" or "inventory");
    }

    [Fact]
    public void Rank_FaultInDb_DbBeatsTheServicesItExplains()
    {
        var ranked = Rank(Anomalies(("frontend", 10), ("checkout", 20), ("payments", 25), ("db", 30), ("inventory", 0)));

        Assert.Equal("db", ranked[0].Node);
        var payments = ranked.Single(c => c.Node == "payments");
        Assert.Equal(0, payments.Score);
        Assert.Contains(payments.Evidence, e => e.Kind == EvidenceKind.ExplainedByDependency && e.Text.Contains("db", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_AnomalyAlreadyThereBefore_IsNotACandidate()
    {
        var anomalies = Anomalies(("frontend", 8), ("checkout", 9), ("payments", 12), ("db", 0));
        anomalies["inventory"] = new NodeAnomaly("inventory", 40, StrengthBefore: 39);

        var ranked = Rank(anomalies);

        Assert.Equal("payments", ranked[0].Node);
        Assert.DoesNotContain(ranked, c => c.Node == "inventory");
    }

    [Fact]
    public void Rank_RecentChange_BreaksTheTieBetweenSiblings()
    {
        var anomalies = Anomalies(("checkout", 9), ("payments", 10), ("inventory", 10)); // db unobserved: neither sibling is a confirmed origin
        var changes = new[] { new ChangeEvent("inventory", Trigger.AddMinutes(-5), "deploy v2.1"), new ChangeEvent("payments", Trigger.AddHours(-3), "deploy long ago") };

        var ranked = Rank(anomalies, changes, target: "checkout");

        Assert.Equal("inventory", ranked[0].Node);
        var change = Assert.Single(ranked[0].Evidence, e => e.Kind == EvidenceKind.RecentChange);
        Assert.Equal(300, change.Value);
        Assert.Contains("deploy v2.1", change.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(ranked.Single(c => c.Node == "payments").Evidence, e => e.Kind == EvidenceKind.RecentChange);
    }

    [Fact]
    public void Rank_EqualScores_NearerThenOrdinal()
    {
        var graph = TopologyGraph.Create(new TopologyEdge("t", "b"), new TopologyEdge("t", "a"), new TopologyEdge("b", "c"));
        var anomalies = Anomalies(("a", 10), ("b", 0), ("c", 10), ("t", 0));
        anomalies["z"] = new NodeAnomaly("z", 10);

        var ranked = RootCauseRanker.Rank(graph, "t", "latency", anomalies, Trigger, [], Options);

        Assert.Equal(["a", "c"], ranked.Select(c => c.Node));
    }

    [Fact]
    public void Rank_TargetUnknownToGraph_IsItsOwnOnlyCandidate()
    {
        var ranked = RootCauseRanker.Rank(Shop, "mystery", "latency", Anomalies(("mystery", 9), ("payments", 50)), Trigger, [], Options);
        Assert.Equal("mystery", Assert.Single(ranked).Node);
    }

    [Fact]
    public void Rank_NothingAnomalous_IsEmpty() =>
        Assert.Empty(Rank(Anomalies(("frontend", 1), ("checkout", 2))));
}
