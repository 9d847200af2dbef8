using Vigil.Correlation.Benchmarks;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.Benchmarks;

/// <summary>Reads PetShop's directories for the tests (the CLI's loader lives in Vigil.Cli; the library does no I/O).</summary>
internal static class PetShopFiles
{
    public static List<PetShopScenario> Load(string root, string split)
    {
        var scenarios = new List<PetShopScenario>();
        foreach (var name in (string[])["low_traffic", "high_traffic", "temporal_traffic1", "temporal_traffic2"])
        {
            var dir = Path.Combine(root, name);
            using var graphReader = File.OpenText(Path.Combine(dir, "graph.csv"));
            var graph = AdjacencyMatrixCsv.Parse(graphReader);
            var normalPath = Path.Combine(dir, "noissue", "metrics.csv");
            var normal = File.Exists(normalPath) ? Frame(normalPath) : null;
            var issues = new List<PetShopIssue>();
            foreach (var issueDir in Directory.GetDirectories(Path.Combine(dir, split)).Order(StringComparer.Ordinal))
            {
                var (target, cause, metric) = PetShopTargetJson.Parse(File.ReadAllText(Path.Combine(issueDir, "target.json")));
                issues.Add(new PetShopIssue(Path.GetFileName(issueDir), Frame(Path.Combine(issueDir, "metrics.csv")), target, cause, metric));
            }
            scenarios.Add(new PetShopScenario(name, graph, normal, issues));
        }
        return scenarios;
    }

    private static MetricFrame Frame(string path)
    {
        using var reader = File.OpenText(path);
        return MetricFrameCsv.Parse(reader);
    }
}
