namespace Vigil.Simulation.Fleet;

/// <summary>Shape of a simulated fleet.</summary>
public sealed record FleetOptions
{
    /// <summary>Smallest fleet the builder makes.</summary>
    public const int MinServices = 20;

    /// <summary>Largest fleet the builder makes.</summary>
    public const int MaxServices = 200;

    /// <summary>Services in the fleet, load balancers and data stores included (20–200).</summary>
    public int Services { get; init; } = 50;

    /// <summary>Requests per second entering at the edge at the daily peak.</summary>
    public double EdgePeakRate { get; init; } = 400;

    /// <summary>Throws when a value is out of range; returns the options.</summary>
    public FleetOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Services, MinServices, nameof(Services));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Services, MaxServices, nameof(Services));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EdgePeakRate, nameof(EdgePeakRate));
        return this;
    }
}
