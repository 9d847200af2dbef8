namespace Vigil.Simulation.Fleet;

/// <summary>A call edge: <paramref name="Caller"/> sends <paramref name="CallsPerRequest"/> requests to <paramref name="Callee"/> per request it serves.</summary>
/// <param name="Caller">The service that calls.</param>
/// <param name="Callee">The service called (a dependency of the caller).</param>
/// <param name="CallsPerRequest">Fan-out: calls to the callee per request the caller serves.</param>
/// <param name="Coupling">How much of the callee's degradation the caller feels, in (0, 1]: the per-hop attenuation of a fault.</param>
/// <param name="Delay">How long the callee's degradation takes to show in the caller (queues filling, retries, timeouts).</param>
public sealed record FleetCall(string Caller, string Callee, double CallsPerRequest, double Coupling, TimeSpan Delay);
