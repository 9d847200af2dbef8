using Vigil.Correlation.Benchmarks;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Cli.Eval;

/// <summary>Loads PetShop's directory layout: <c>SCENARIO/graph.csv</c>, <c>SCENARIO/noissue/metrics.csv</c> (optional),
/// <c>SCENARIO/SPLIT/issue_N/{metrics.csv,target.json}</c>.</summary>
internal static class PetShopData
{
    public static readonly string[] Scenarios = ["low_traffic", "high_traffic", "temporal_traffic1", "temporal_traffic2"];

    public static List<PetShopScenario> Load(string root, string split)
    {
        var scenarios = new List<PetShopScenario>();
        foreach (var name in Scenarios)
        {
            var dir = Path.Combine(root, name);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            var graph = ReadGraph(Path.Combine(dir, "graph.csv"));
            var normalPath = Path.Combine(dir, "noissue", "metrics.csv");
            var normal = File.Exists(normalPath) ? ReadFrame(normalPath) : null;
            var issues = new List<PetShopIssue>();
            var splitDir = Path.Combine(dir, split);
            if (Directory.Exists(splitDir))
            {
                // Numeric order (issue_2 before issue_10) keeps reports stable and readable.
                foreach (var issueDir in Directory.GetDirectories(splitDir).Where(static d => !Path.GetFileName(d).StartsWith('.')).OrderBy(IssueNumber).ThenBy(static d => d, StringComparer.Ordinal))
                {
                    var (target, cause, causeMetric) = PetShopTargetJson.Parse(File.ReadAllText(Path.Combine(issueDir, "target.json")));
                    issues.Add(new PetShopIssue(Path.GetFileName(issueDir), ReadFrame(Path.Combine(issueDir, "metrics.csv")), target, cause, causeMetric));
                }
            }
            scenarios.Add(new PetShopScenario(name, graph, normal, issues));
        }
        return scenarios;
    }

    public static TopologyGraph ReadGraph(string path)
    {
        using var reader = File.OpenText(path);
        try
        {
            return AdjacencyMatrixCsv.Parse(reader);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    public static MetricFrame ReadFrame(string path)
    {
        using var reader = File.OpenText(path);
        try
        {
            return MetricFrameCsv.Parse(reader);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static int IssueNumber(string dir)
    {
        var name = Path.GetFileName(dir);
        var underscore = name.LastIndexOf('_');
        return underscore >= 0 && int.TryParse(name.AsSpan(underscore + 1), out var n) ? n : int.MaxValue;
    }
}
