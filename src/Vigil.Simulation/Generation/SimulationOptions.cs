namespace Vigil.Simulation.Generation;

/// <summary>How the simulator samples the fleet.</summary>
public sealed record SimulationOptions
{
    /// <summary>Time between frames: the scrape interval (15 s by default, as Prometheus scrapes).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Unrelated alerts per hour across the fleet (certificate expiry, clock skew, …).</summary>
    public double NoiseAlertsPerHour { get; init; } = 2;

    /// <summary>Unrelated deploys per hour across the fleet (change events that cause nothing).</summary>
    public double NoiseDeploysPerHour { get; init; } = 1;

    /// <summary>Mean ordinary log lines per service per frame at the daily peak.</summary>
    public double LogLinesPerStep { get; init; } = 1;

    /// <summary>Relative noise of the metrics (standard deviation as a share of the level).</summary>
    public double Noise { get; init; } = 0.04;

    /// <summary>Throws when a value is out of range; returns the options.</summary>
    public SimulationOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Step, TimeSpan.FromSeconds(1), nameof(Step));
        ArgumentOutOfRangeException.ThrowIfNegative(NoiseAlertsPerHour, nameof(NoiseAlertsPerHour));
        ArgumentOutOfRangeException.ThrowIfNegative(NoiseDeploysPerHour, nameof(NoiseDeploysPerHour));
        ArgumentOutOfRangeException.ThrowIfNegative(LogLinesPerStep, nameof(LogLinesPerStep));
        ArgumentOutOfRangeException.ThrowIfNegative(Noise, nameof(Noise));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Noise, 0.5, nameof(Noise));
        return this;
    }
}
