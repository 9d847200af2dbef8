using System.Collections.Immutable;
using Vigil.Simulation.Faults;
using Vigil.Simulation.Fleet;
using Vigil.Simulation.Generation;

namespace Vigil.Simulation.Demo;

/// <summary>
/// The fleet <c>vigil demo</c> plays: <see cref="DemoOptions.Backfill"/> of history up to <see cref="LiveFrom"/>, then
/// a fault every few minutes, the first <see cref="DemoOptions.FirstFault"/> after going live. Pure: the caller says
/// what time it is and sends the frames.
/// </summary>
public sealed class DemoScenario
{
    /// <summary>Plans the scenario for a demo going live at <paramref name="liveFrom"/>.</summary>
    public DemoScenario(DemoOptions options, int seed, DateTimeOffset liveFrom)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        // Frames fall on whole steps, as scrapes do, so history and live frames line up.
        var step = options.Step.Ticks;
        LiveFrom = new DateTimeOffset(liveFrom.UtcTicks / step * step, TimeSpan.Zero);
        HistoryStart = LiveFrom - TimeSpan.FromTicks(options.Backfill.Ticks / step * step);
        Fleet = FleetBuilder.Build(new FleetOptions { Services = options.Services }, seed);
        Faults = FaultPlanner.Plan(Fleet, new FaultPlanOptions
        {
            Count = options.Faults,
            FirstStart = LiveFrom + options.FirstFault,
            MinGap = options.FaultGap,
            MaxGap = options.FaultGap + TimeSpan.FromMinutes(1),
            Duration = options.FaultDuration,
            // An outage of a shared data store spreads furthest: the clearest first incident for a newcomer.
            FirstKind = FaultKind.DependencyOutage,
        }, seed);
        Simulator = new FleetSimulator(Fleet, Faults, new SimulationOptions { Step = options.Step }, seed);
    }

    /// <summary>The options.</summary>
    public DemoOptions Options { get; }

    /// <summary>The fleet.</summary>
    public FleetModel Fleet { get; }

    /// <summary>The faults, by start.</summary>
    public ImmutableArray<InjectedFault> Faults { get; }

    /// <summary>The simulator.</summary>
    public FleetSimulator Simulator { get; }

    /// <summary>First frame of history.</summary>
    public DateTimeOffset HistoryStart { get; }

    /// <summary>First live frame: frames before it are history, sent at once.</summary>
    public DateTimeOffset LiveFrom { get; }

    /// <summary>Every frame from <see cref="HistoryStart"/> on, lazily, for as long as the caller enumerates.</summary>
    public IEnumerable<SimulationFrame> Frames() => Simulator.Run(HistoryStart, DateTimeOffset.MaxValue - TimeSpan.FromDays(1));
}
