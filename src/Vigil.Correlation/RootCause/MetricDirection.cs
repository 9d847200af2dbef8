namespace Vigil.Correlation.RootCause;

/// <summary>Which way a metric goes when things go wrong.</summary>
public enum MetricDirection
{
    /// <summary>Either way is suspicious (e.g. request counts).</summary>
    Both,
    /// <summary>Higher is worse (latency, errors, saturation).</summary>
    HigherIsWorse,
    /// <summary>Lower is worse (availability, success rate, throughput of a sink).</summary>
    LowerIsWorse,
}
