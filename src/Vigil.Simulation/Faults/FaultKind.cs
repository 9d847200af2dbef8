namespace Vigil.Simulation.Faults;

/// <summary>What goes wrong at a fault's root.</summary>
public enum FaultKind
{
    /// <summary>The root answers slowly (a slow query, a saturated pool).</summary>
    Latency,

    /// <summary>The root fails a share of its requests.</summary>
    ErrorBurst,

    /// <summary>Something eats the root's CPU; it slows down.</summary>
    CpuHog,

    /// <summary>The root's memory grows steadily; late in the fault it slows down (GC pressure).</summary>
    MemoryLeak,

    /// <summary>The root's data volume fills; near full, writes fail.</summary>
    DiskFill,

    /// <summary>A data store stops answering: its callers time out and fail.</summary>
    DependencyOutage,

    /// <summary>A deploy (recorded as a change event) brings errors and latency.</summary>
    BadDeploy,
}
