namespace Vigil.Core.Topology;

/// <summary>What kind of change a <see cref="ChangeEvent"/> records.</summary>
public enum ChangeKind
{
    /// <summary>Neither a deploy nor a configuration change (a scaling, a migration, a manual action).</summary>
    Other,
    /// <summary>A new version was deployed.</summary>
    Deploy,
    /// <summary>Configuration changed (flags, limits, routing).</summary>
    Config,
}
