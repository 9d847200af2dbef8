namespace Vigil.Correlation.Benchmarks;

/// <summary>The figures of PetShop's anomaly-traversal baseline on the test issues (NeurIPS 2023 paper, quoted in issue 5).</summary>
public static class PetShopBaseline
{
    /// <summary>Top-1 and top-3 recall and specificity of the baseline for a cell, or null when unknown.</summary>
    public static (double Top1, double Top3, double Specificity)? For(string group, string metric) => (group, metric) switch
    {
        ("low_traffic", "latency") => (0.57, 0.57, 0.17),
        ("high_traffic", "latency") => (0.57, 0.79, 0.33),
        ("temporal_traffic", "latency") => (1.00, 1.00, 0.60),
        ("low_traffic", "availability") => (0.83, 1.00, 1.00),
        ("high_traffic", "availability") => (0.67, 1.00, 1.00),
        ("temporal_traffic", "availability") => (0.75, 1.00, 1.00),
        _ => null,
    };
}
