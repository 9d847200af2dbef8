using Vigil.Correlation.Incidents;

namespace Vigil.Engine.Incidents;

/// <summary>How the engine runs the correlator.</summary>
public sealed record IncidentOptions
{
    /// <summary>The correlator's settings (rules, windows, flap damping).</summary>
    public IncidentCorrelatorOptions Correlator { get; init; } = new();

    /// <summary>How often incidents are checked for auto-resolve. Default 10 s.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How far back change events are read for ranking. Default 2 hours.</summary>
    public TimeSpan ChangeLookback { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Throws naming a bad setting.</summary>
    public IncidentOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Correlator);
        Correlator.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TickInterval, TimeSpan.Zero, nameof(TickInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChangeLookback, TimeSpan.Zero, nameof(ChangeLookback));
        return this;
    }
}
