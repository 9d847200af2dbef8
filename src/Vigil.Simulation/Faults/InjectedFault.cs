using System.Collections.Immutable;

namespace Vigil.Simulation.Faults;

/// <summary>A planned fault with its propagation: the truth plus each affected service's onset and attenuation.</summary>
/// <param name="Truth">The ground truth.</param>
/// <param name="Impacts">Per affected service, the root first.</param>
/// <param name="Magnitude">Strength at the root in [0.5, 1].</param>
public sealed record InjectedFault(FaultTruth Truth, ImmutableArray<FaultImpact> Impacts, double Magnitude)
{
    /// <summary>Intensity in [0, 1] of the fault at <paramref name="at"/> for a service reached at <paramref name="onset"/>: a step for most kinds, a ramp for leaks and fills.</summary>
    public double Intensity(DateTimeOffset at, DateTimeOffset onset)
    {
        if (at < onset || at >= Truth.End)
        {
            return 0;
        }
        return Truth.Kind switch
        {
            FaultKind.MemoryLeak or FaultKind.DiskFill => Math.Clamp((at - Truth.Start).TotalSeconds / (Truth.End - Truth.Start).TotalSeconds, 0, 1),
            _ => 1,
        };
    }
}
