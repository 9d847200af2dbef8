namespace Vigil.Core.Topology;

/// <summary>Where a stored entity or edge came from. Declared entries win over inferred ones.</summary>
public enum TopologySource
{
    /// <summary>Declared by a person: the API or the topology file.</summary>
    Declared,
    /// <summary>Inferred from the labels of ingested series and signals.</summary>
    Inferred,
}
