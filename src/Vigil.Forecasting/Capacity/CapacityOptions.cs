namespace Vigil.Forecasting.Capacity;

/// <summary>How <see cref="CapacityPlanner"/> projects a series towards its limit. Validated when the planner is created.</summary>
public sealed record CapacityOptions
{
    /// <summary>How many steps ahead to look (e.g. 30 days of hourly points: 720).</summary>
    public int HorizonSteps { get; init; } = 720;

    /// <summary>Nominal coverage in percent of the time-to-limit interval.</summary>
    public double Level { get; init; } = 80;

    /// <summary>Whether the series are gauges (default) or counters whose drops are resets.</summary>
    public SeriesKind Kind { get; init; }

    /// <summary>A known shortest seasonal period in steps, or 0 to detect it.</summary>
    public int SeasonHint { get; init; }
}
