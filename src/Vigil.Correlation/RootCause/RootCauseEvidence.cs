namespace Vigil.Correlation.RootCause;

/// <summary>A reason for a candidate's rank, with its number and a sentence for a human.</summary>
/// <param name="Kind">What kind of reason.</param>
/// <param name="Value">Its number (see <see cref="EvidenceKind"/>).</param>
/// <param name="Text">The sentence, e.g. <c>dependency S3 is anomalous too (z 6.1): 72% unexplained</c>.</param>
public sealed record RootCauseEvidence(EvidenceKind Kind, double Value, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}
