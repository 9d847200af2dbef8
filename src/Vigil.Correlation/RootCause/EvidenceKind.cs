namespace Vigil.Correlation.RootCause;

/// <summary>One reason a root-cause candidate ranks where it does.</summary>
public enum EvidenceKind
{
    /// <summary>The node itself is anomalous (value: its robust z-score).</summary>
    Anomaly,
    /// <summary>Part of the anomaly was already there before the incident (value: the earlier z-score).</summary>
    PreExisting,
    /// <summary>An anomalous dependency explains part of it (value: the fraction left unexplained).</summary>
    ExplainedByDependency,
    /// <summary>Its dependencies are observed and all normal (value: how many).</summary>
    NormalDependencies,
    /// <summary>Its anomalous dependents are explained by it (value: how many).</summary>
    AnomalousDependents,
    /// <summary>It was changed shortly before the trigger (value: seconds before).</summary>
    RecentChange,
    /// <summary>Its position: hops from the symptom along dependencies (value: hops).</summary>
    Position,
    /// <summary>Its anomaly began before the symptom's (value: seconds earlier; negative when later).</summary>
    Onset,
}
