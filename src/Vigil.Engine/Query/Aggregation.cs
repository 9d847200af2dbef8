namespace Vigil.Engine.Query;

/// <summary>How samples within one step are reduced to one point.</summary>
public enum Aggregation
{
    /// <summary>Mean of the samples in the step.</summary>
    Avg,
    /// <summary>Smallest sample.</summary>
    Min,
    /// <summary>Largest sample.</summary>
    Max,
    /// <summary>The latest sample.</summary>
    Last,
}
