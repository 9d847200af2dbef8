using Vigil.Core.Topology;

namespace Vigil.Simulation.Fleet;

/// <summary>One service of the simulated fleet and its normal behaviour at the daily peak.</summary>
/// <param name="Name">Unique name; also its <c>job</c> and <c>service</c> label and its topology entity id.</param>
/// <param name="Tier">Its layer in the call graph.</param>
/// <param name="Kind">Its topology kind (service, load balancer, database, queue).</param>
/// <param name="Host">The host it runs on (a topology entity too, edge <c>runs-on</c>).</param>
/// <param name="Port">The port of its metrics endpoint (<c>instance</c> is <c>host:port</c>).</param>
/// <param name="PeakRate">Requests per second at the daily peak.</param>
/// <param name="LatencySeconds">Median latency at the peak, in seconds.</param>
/// <param name="ErrorRatio">Share of requests that fail when all is well.</param>
/// <param name="CpuCores">CPU cores used at the peak.</param>
/// <param name="MemoryBytes">Resident memory when all is well.</param>
/// <param name="DiskBytes">Size of its data volume.</param>
/// <param name="DiskUsedShare">Share of the volume in use when all is well.</param>
public sealed record SimulatedService(
    string Name,
    ServiceTier Tier,
    EntityKind Kind,
    string Host,
    int Port,
    double PeakRate,
    double LatencySeconds,
    double ErrorRatio,
    double CpuCores,
    double MemoryBytes,
    double DiskBytes,
    double DiskUsedShare)
{
    /// <summary>The <c>instance</c> label: <c>host:port</c>, as Prometheus scrapes it.</summary>
    public string Instance => $"{Host}:{Port}";
}
