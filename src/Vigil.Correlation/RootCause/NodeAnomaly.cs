namespace Vigil.Correlation.RootCause;

/// <summary>How anomalous a node looks when the symptom is analysed: the ranker's input per node.</summary>
/// <param name="Node">The topology node.</param>
/// <param name="Strength">Robust z-score (scales on the bad side of normal) at the trigger; 0 when normal or unknown.</param>
/// <param name="StrengthBefore">The same score before the incident began (the first analysed row); a node already this
/// anomalous before is not where the new problem started.</param>
/// <param name="Onset">When its anomaly began, when known.</param>
public readonly record struct NodeAnomaly(string Node, double Strength, double StrengthBefore = 0, DateTimeOffset? Onset = null)
{
    /// <summary>The part of <see cref="Strength"/> that is new since before the incident.</summary>
    public double NewStrength => Math.Max(0, Strength - Math.Max(0, StrengthBefore));
}
