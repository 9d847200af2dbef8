using System.Collections.Immutable;
using Vigil.Correlation.RootCause;

namespace Vigil.Correlation.Benchmarks;

/// <summary>
/// PetShop's evaluation as its <c>rca_task.py</c> defines it. Recall: an issue is a hit at k when its root-cause node is
/// among the first k candidates (the root-cause metric is null in PetShop, so any metric counts); an empty answer is a
/// miss; cells are (scenario group, issue metric). Specificity: for every symptom (node, metric, statistic) named by the
/// scenario's issues, the issue-free metrics are cut at rows n/2, n/2 + ⌊0.1·n⌋, … below n − 3; the rows before the cut
/// are normal, the rows from it the "abnormal" window, and a cut counts as correct when the answer is empty.
/// </summary>
public static class PetShopEvaluator
{
    /// <summary>Evaluates <paramref name="analyzer"/> on the scenarios.</summary>
    /// <param name="scenarios">The scenarios with the issues of one split.</param>
    /// <param name="analyzer">The analyzer.</param>
    /// <param name="fallbackNormal">Scenario whose issue-free metrics stand in for a scenario that has none (the temporal
    /// scenarios of the shared copy); null to skip such scenarios' issues.</param>
    public static PetShopReport Evaluate(IReadOnlyList<PetShopScenario> scenarios, MetricRootCauseAnalyzer analyzer, string? fallbackNormal = "low_traffic")
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(analyzer);
        var fallback = scenarios.FirstOrDefault(s => s.Name == fallbackNormal && s.Normal is not null);
        var results = ImmutableArray.CreateBuilder<PetShopIssueResult>();
        var specificity = new List<(string Group, string Metric, int Windows, double Correct)>();
        foreach (var scenario in scenarios)
        {
            var normal = scenario.Normal ?? fallback?.Normal;
            var normalFrom = scenario.Normal is not null ? scenario.Name : fallback?.Name;
            if (normal is null)
            {
                continue;
            }
            foreach (var issue in scenario.Issues)
            {
                var analysis = analyzer.Analyze(scenario.Graph, issue.Target, normal, issue.Metrics);
                results.Add(new(scenario.Name, issue.Name, issue.Target.Metric, issue.RootCauseNode, [.. analysis.Candidates.Take(3).Select(static c => c.Node)], normalFrom!));
            }
            if (scenario.Normal is { } free)
            {
                foreach (var target in scenario.Issues.Select(static i => i.Target).Distinct().OrderBy(static t => t.ToString(), StringComparer.Ordinal))
                {
                    var (windows, correct) = Specificity(scenario, free, target, analyzer);
                    specificity.Add((scenario.Group, target.Metric, windows, correct));
                }
            }
        }
        var recall = results
            .GroupBy(r => (Group: scenarios.First(s => s.Name == r.Scenario).Group, r.Metric))
            .OrderBy(static g => GroupOrder(g.Key.Group)).ThenBy(static g => g.Key.Metric == "latency" ? 0 : 1).ThenBy(static g => g.Key.Metric, StringComparer.Ordinal)
            .Select(static g => new PetShopRecallCell(g.Key.Group, g.Key.Metric, g.Count(), g.Average(static r => r.InTop(1) ? 1.0 : 0), g.Average(static r => r.InTop(3) ? 1.0 : 0), g.Average(static r => r.Empty ? 1.0 : 0)))
            .ToImmutableArray();
        var spec = specificity
            .GroupBy(static s => (s.Group, s.Metric))
            .OrderBy(static g => GroupOrder(g.Key.Group)).ThenBy(static g => g.Key.Metric == "latency" ? 0 : 1).ThenBy(static g => g.Key.Metric, StringComparer.Ordinal)
            .Select(static g => new PetShopSpecificityCell(g.Key.Group, g.Key.Metric, g.Sum(static s => s.Windows), g.Average(static s => s.Correct)))
            .ToImmutableArray();
        return new PetShopReport(results.ToImmutable(), recall, spec);
    }

    /// <summary>The cut rows of the specificity test for <paramref name="rows"/> issue-free rows: <c>range(n/2, n-3, int(0.1 n))</c>.</summary>
    public static IEnumerable<int> SpecificityCuts(int rows)
    {
        var step = (int)(rows * 0.1);
        if (step <= 0)
        {
            yield break;
        }
        for (var cut = rows / 2; cut < rows - 3; cut += step)
        {
            yield return cut;
        }
    }

    private static (int Windows, double Share) Specificity(PetShopScenario scenario, MetricFrame free, RcaTarget target, MetricRootCauseAnalyzer analyzer)
    {
        int windows = 0, empty = 0;
        foreach (var cut in SpecificityCuts(free.RowCount))
        {
            windows++;
            var analysis = analyzer.Analyze(scenario.Graph, target, free.Slice(0, cut), free.Slice(cut, free.RowCount));
            if (analysis.Candidates.IsEmpty)
            {
                empty++;
            }
        }
        return (windows, windows == 0 ? double.NaN : (double)empty / windows);
    }

    private static int GroupOrder(string group) => group switch
    {
        "low_traffic" => 0,
        "high_traffic" => 1,
        "temporal_traffic" => 2,
        _ => 3,
    };
}
