using System.Collections.Immutable;

namespace Vigil.Correlation.RootCause;

/// <summary>A possible root cause with its score (higher is likelier) and the evidence behind it.</summary>
/// <param name="Node">The node.</param>
/// <param name="Metric">The metric through which it shows, e.g. <c>latency</c>.</param>
/// <param name="Score">Its score; only the order matters.</param>
/// <param name="Evidence">Why it ranks where it does.</param>
public sealed record RootCauseCandidate(string Node, string Metric, double Score, ImmutableArray<RootCauseEvidence> Evidence);
