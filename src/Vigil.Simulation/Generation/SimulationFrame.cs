using Vigil.Core.Topology;
using Vigil.Simulation.Faults;

namespace Vigil.Simulation.Generation;

/// <summary>Everything the fleet produced at one scrape: metric values, log lines since the previous frame, alerts that changed state, change events and faults that started.</summary>
/// <param name="Timestamp">The scrape time.</param>
/// <param name="Metrics">One value per series.</param>
/// <param name="Logs">Log lines written since the previous frame, in time order.</param>
/// <param name="Alerts">Alerts that started firing or resolved at this frame.</param>
/// <param name="Changes">Deploys at this frame.</param>
/// <param name="FaultsStarted">Ground truth of the faults that started at this frame.</param>
public sealed record SimulationFrame(
    DateTimeOffset Timestamp,
    IReadOnlyList<MetricPoint> Metrics,
    IReadOnlyList<SimulatedLogLine> Logs,
    IReadOnlyList<SimulatedAlert> Alerts,
    IReadOnlyList<ChangeEvent> Changes,
    IReadOnlyList<FaultTruth> FaultsStarted);
