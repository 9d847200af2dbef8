namespace Vigil.Simulation.Demo;

/// <summary>Shape of <c>vigil demo</c>'s fleet: how much history, when faults come.</summary>
public sealed record DemoOptions
{
    /// <summary>Services in the fleet.</summary>
    public int Services { get; init; } = 30;

    /// <summary>Fault-free history sent before going live, so detectors are warmed up.</summary>
    public TimeSpan Backfill { get; init; } = TimeSpan.FromHours(3);

    /// <summary>When the first fault starts, relative to the start of the live phase (negative: inside the history).</summary>
    public TimeSpan FirstFault { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>How long each fault lasts (leaks and fills twice as long).</summary>
    public TimeSpan FaultDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Quiet time between one fault's end and the next one's start.</summary>
    public TimeSpan FaultGap { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Faults planned; at the default pace, 400 last well over a day.</summary>
    public int Faults { get; init; } = 400;

    /// <summary>Scrape interval.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws when a value is out of range; returns the options.</summary>
    public DemoOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Backfill, TimeSpan.Zero, nameof(Backfill));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstFault, -Backfill, nameof(FirstFault));
        ArgumentOutOfRangeException.ThrowIfLessThan(Faults, 1, nameof(Faults));
        ArgumentOutOfRangeException.ThrowIfLessThan(Step, TimeSpan.FromSeconds(1), nameof(Step));
        return this;
    }
}
