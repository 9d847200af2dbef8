using System.Collections.Immutable;

namespace Vigil.Correlation.RootCause;

/// <summary>The answer of <see cref="MetricRootCauseAnalyzer"/>: whether the symptom was real and, if so, the ranked candidates.</summary>
/// <param name="Triggered">True when the symptom was anomalous within the search rows; false means "no issue".</param>
/// <param name="TriggerRow">The row analysed (−1 when not triggered).</param>
/// <param name="TriggerScore">The symptom's robust z-score there (the largest seen when not triggered).</param>
/// <param name="Candidates">Best first; empty when not triggered.</param>
public sealed record RootCauseAnalysis(bool Triggered, int TriggerRow, double TriggerScore, ImmutableArray<RootCauseCandidate> Candidates);
