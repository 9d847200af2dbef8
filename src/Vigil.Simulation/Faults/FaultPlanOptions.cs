namespace Vigil.Simulation.Faults;

/// <summary>How faults are scheduled and how far they spread.</summary>
public sealed record FaultPlanOptions
{
    /// <summary>Faults to inject.</summary>
    public int Count { get; init; } = 10;

    /// <summary>When the first one starts.</summary>
    public DateTimeOffset FirstStart { get; init; }

    /// <summary>Shortest quiet time between the end of one fault and the start of the next.</summary>
    public TimeSpan MinGap { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest quiet time between faults.</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>Duration of a step fault (latency, errors, CPU, outage, deploy); leaks and fills last twice as long.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Kind of the first fault (null: like the others, from a shuffled round of every kind).</summary>
    public FaultKind? FirstKind { get; init; }

    /// <summary>A caller counts as affected while the attenuated strength reaching it is at least this.</summary>
    public double MinImpact { get; init; } = 0.3;

    /// <summary>Throws when a value is out of range; returns the options.</summary>
    public FaultPlanOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Count, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinGap, TimeSpan.Zero, nameof(MinGap));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGap, MinGap, nameof(MaxGap));
        ArgumentOutOfRangeException.ThrowIfLessThan(Duration, TimeSpan.FromSeconds(30), nameof(Duration));
        if (!(MinImpact is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinImpact), MinImpact, "must lie in (0, 1]");
        }
        return this;
    }
}
