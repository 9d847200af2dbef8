using System.Collections.Immutable;
using Vigil.Correlation.Benchmarks;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;
using Vigil.Testing;

namespace Vigil.Correlation.Tests.Benchmarks;

public sealed class PetShopEvaluatorTests
{
    [Fact]
    public void SpecificityCuts_588Rows_AreRcaTaskCuts()
    {
        // rca_task.py: range(int(n / 2), n - 3, int(n * 0.1)) with n = 588.
        Assert.Equal([294, 352, 410, 468, 526, 584], PetShopEvaluator.SpecificityCuts(588));
    }

    [Fact]
    public void ScenarioGroup_StripsTrailingDigits()
    {
        Assert.Equal("temporal_traffic", new PetShopScenario("temporal_traffic2", TopologyGraph.Empty, null, []).Group);
        Assert.Equal("low_traffic", new PetShopScenario("low_traffic", TopologyGraph.Empty, null, []).Group);
    }

    [Fact]
    public void TargetJson_Parse_ReadsTargetAndRootCause()
    {
        var (target, cause, metric) = PetShopTargetJson.Parse("""
            {"target": {"node": "PetSite", "metric": "latency", "agg": "Average", "timestamp": 1681855803},
             "root_cause": {"node": "PetSearch_AWS::ECS::Fargate", "metric": null}}
            """);
        Assert.Equal(new RcaTarget("PetSite", "latency", "Average"), target);
        Assert.Equal("PetSearch_AWS::ECS::Fargate", cause);
        Assert.Null(metric);
    }

    [Fact]
    public void TargetJson_MissingField_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => PetShopTargetJson.Parse("""{"target": {"node": "PetSite"}, "root_cause": {"node": "x"}}"""));

    [Fact]
    public void IssueResult_InTop_CountsNodeOnly()
    {
        var result = new PetShopIssueResult("s", "issue_0", "latency", "b", ["a", "b", "c"], "s");
        Assert.False(result.InTop(1));
        Assert.True(result.InTop(2));
        Assert.False(new PetShopIssueResult("s", "issue_0", "latency", "b", ImmutableArray<string>.Empty, "s").InTop(3));
    }

    /// <summary>The train split's figures as recorded in docs/benchmarks.md (## Correlation).</summary>
    [Fact]
    public void Evaluate_TrainSplit_MatchesRecordedFigures()
    {
        var root = SharedData.RequireDirectory("datasets/petshop");
        var report = PetShopEvaluator.Evaluate(PetShopFiles.Load(root, "train"), new MetricRootCauseAnalyzer());

        var recall = report.Recall.ToDictionary(c => (c.Group, c.Metric));
        Assert.Equal((1.00, 1.00), Cell("low_traffic", "latency"));
        Assert.Equal((1.00, 1.00), Cell("low_traffic", "availability"));
        Assert.Equal((0.75, 1.00), Cell("high_traffic", "latency"));
        Assert.Equal((1.00, 1.00), Cell("high_traffic", "availability"));
        Assert.Equal((1.00, 1.00), Cell("temporal_traffic", "latency"));
        Assert.Equal((1.00, 1.00), Cell("temporal_traffic", "availability"));

        var specificity = report.Specificity.ToDictionary(c => (c.Group, c.Metric), c => c.Specificity);
        Assert.Equal(1.00, specificity[("low_traffic", "latency")], 2);
        Assert.Equal(1.00, specificity[("low_traffic", "availability")], 2);
        Assert.Equal(0.83, specificity[("high_traffic", "latency")], 2);
        Assert.Equal(1.00, specificity[("high_traffic", "availability")], 2);

        (double, double) Cell(string group, string metric) => (Math.Round(recall[(group, metric)].Top1, 2), Math.Round(recall[(group, metric)].Top3, 2));
    }
}
