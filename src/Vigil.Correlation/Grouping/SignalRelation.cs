namespace Vigil.Correlation.Grouping;

/// <summary>Why two signals belong to one incident, strongest first.</summary>
public enum SignalRelation
{
    /// <summary>They are about the same entity.</summary>
    SameEntity,
    /// <summary>Their entities are close in the topology.</summary>
    Topology,
    /// <summary>Their labels are alike.</summary>
    SimilarLabels,
}
