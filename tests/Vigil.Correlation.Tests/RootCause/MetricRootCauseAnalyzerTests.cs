using Vigil.Core.Topology;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.RootCause;

public sealed class MetricRootCauseAnalyzerTests
{
    private static readonly string[] Nodes = ["frontend", "checkout", "payments", "db", "inventory"];
    private static readonly Dictionary<string, double> BaseLatency = new(StringComparer.Ordinal)
    {
        ["frontend"] = 0.30, ["checkout"] = 0.20, ["payments"] = 0.10, ["db"] = 0.02, ["inventory"] = 0.05,
    };

    private static readonly TopologyGraph Shop = TopologyGraph.Create(
        new TopologyEdge("frontend", "checkout"),
        new TopologyEdge("checkout", "payments"),
        new TopologyEdge("checkout", "inventory"),
        new TopologyEdge("payments", "db"));

    /// <summary>Latency Average and p90 of each node, 1 % Gaussian noise, plus <paramref name="extra"/> seconds from row <paramref name="faultRow"/> on.</summary>
    private static MetricFrame Frame(int rows, int seed, IReadOnlyDictionary<string, double>? extra = null, int faultRow = 2)
    {
        var random = new Random(seed);
        var columns = new List<MetricColumn>();
        var values = new List<double[]>();
        foreach (var statistic in (string[])["Average", "p90"])
        {
            foreach (var node in Nodes)
            {
                var series = new double[rows];
                var level = BaseLatency[node] * (statistic == "p90" ? 1.5 : 1);
                for (var r = 0; r < rows; r++)
                {
                    var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    series[r] = level * (1 + (0.01 * gaussian)) + (extra is not null && r >= faultRow && extra.TryGetValue(node, out var add) ? add : 0);
                }
                columns.Add(new MetricColumn(node, "latency", statistic));
                values.Add(series);
            }
        }
        return new MetricFrame([.. Enumerable.Range(0, rows).Select(r => 1_700_000_000.0 + (300 * r))], columns, values);
    }

    [Fact]
    public void Analyze_SlowPayments_RanksPaymentsFirst()
    {
        var fault = new Dictionary<string, double>(StringComparer.Ordinal) { ["payments"] = 0.2, ["checkout"] = 0.2, ["frontend"] = 0.2 };

        var analysis = new MetricRootCauseAnalyzer().Analyze(Shop, RcaTarget.Parse("frontend:latency:Average"), Frame(200, 1), Frame(5, 2, fault));

        Assert.True(analysis.Triggered);
        Assert.Equal(2, analysis.TriggerRow);
        Assert.Equal("payments", analysis.Candidates[0].Node);
        Assert.Contains(analysis.Candidates[0].Evidence, e => e.Kind == EvidenceKind.Anomaly);
    }

    [Fact]
    public void Analyze_SlowDb_RanksDbFirst()
    {
        var fault = new Dictionary<string, double>(StringComparer.Ordinal) { ["db"] = 0.5, ["payments"] = 0.5, ["checkout"] = 0.5, ["frontend"] = 0.5 };

        var analysis = new MetricRootCauseAnalyzer().Analyze(Shop, RcaTarget.Parse("frontend:latency:Average"), Frame(200, 3), Frame(5, 4, fault));

        Assert.Equal("db", analysis.Candidates[0].Node);
    }

    [Fact]
    public void Analyze_NothingWrong_NotTriggeredAndEmpty()
    {
        var analysis = new MetricRootCauseAnalyzer().Analyze(Shop, RcaTarget.Parse("frontend:latency:Average"), Frame(200, 5), Frame(5, 6));

        Assert.False(analysis.Triggered);
        Assert.Empty(analysis.Candidates);
    }

    [Fact]
    public void Analyze_SymptomOnlyAfterTheSearchRows_IsNotThisIncident()
    {
        var fault = new Dictionary<string, double>(StringComparer.Ordinal) { ["payments"] = 0.2, ["checkout"] = 0.2, ["frontend"] = 0.2 };

        var analysis = new MetricRootCauseAnalyzer().Analyze(Shop, RcaTarget.Parse("frontend:latency:Average"), Frame(200, 7), Frame(20, 8, fault, faultRow: 10));

        Assert.False(analysis.Triggered);
    }

    [Fact]
    public void Analyze_SameInput_SameAnswer()
    {
        var fault = new Dictionary<string, double>(StringComparer.Ordinal) { ["inventory"] = 0.3, ["checkout"] = 0.3, ["frontend"] = 0.3 };
        var analyzer = new MetricRootCauseAnalyzer();
        var a = analyzer.Analyze(Shop, RcaTarget.Parse("frontend:latency:Average"), Frame(200, 9), Frame(5, 10, fault));
        var b = analyzer.Analyze(Shop, RcaTarget.Parse("frontend:latency:Average"), Frame(200, 9), Frame(5, 10, fault));

        Assert.Equal("inventory", a.Candidates[0].Node);
        Assert.Equal(a.Candidates.Select(c => (c.Node, c.Score)), b.Candidates.Select(c => (c.Node, c.Score)));
    }

    [Fact]
    public void Options_OutOfRange_Throw() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricRootCauseAnalyzer(new RootCauseOptions { SearchRows = 0 }));
}
