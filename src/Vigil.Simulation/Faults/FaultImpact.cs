namespace Vigil.Simulation.Faults;

/// <summary>How one affected service feels a fault: from <paramref name="Onset"/> on, with <paramref name="Attenuation"/> of the root's degradation.</summary>
/// <param name="Service">The affected service.</param>
/// <param name="Hops">Calls between it and the root (0 for the root).</param>
/// <param name="Attenuation">Product of the couplings along the path (1 at the root).</param>
/// <param name="Onset">When the degradation reaches it.</param>
public readonly record struct FaultImpact(string Service, int Hops, double Attenuation, DateTimeOffset Onset);
