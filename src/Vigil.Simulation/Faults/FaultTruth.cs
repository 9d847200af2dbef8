using System.Collections.Immutable;

namespace Vigil.Simulation.Faults;

/// <summary>The ground truth of one injected fault.</summary>
/// <param name="Id">Stable id, <c>f001</c>, <c>f002</c>, …</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="Root">The service where it started: the right root cause.</param>
/// <param name="Affected">Every service it degrades, the root first, then by onset.</param>
/// <param name="Start">When it starts at the root.</param>
/// <param name="End">When it ends (everything is back to normal shortly after).</param>
public sealed record FaultTruth(string Id, FaultKind Kind, string Root, ImmutableArray<string> Affected, DateTimeOffset Start, DateTimeOffset End);
