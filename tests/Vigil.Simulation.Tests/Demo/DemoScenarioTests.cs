using Vigil.Simulation.Demo;
using Vigil.Simulation.Faults;

namespace Vigil.Simulation.Tests.Demo;

public sealed class DemoScenarioTests
{
    [Fact]
    public void Create_HistoryThenLive_FirstFaultAnOutageWithinAMinute()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 7, TimeSpan.Zero);

        var scenario = new DemoScenario(new DemoOptions(), seed: 1, now);

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), scenario.LiveFrom);
        Assert.Equal(scenario.LiveFrom - TimeSpan.FromHours(3), scenario.HistoryStart);
        Assert.Equal(FaultKind.DependencyOutage, scenario.Faults[0].Truth.Kind);
        Assert.InRange(scenario.Faults[0].Truth.Start - now, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.All(scenario.Faults.Zip(scenario.Faults.Skip(1)), static p => Assert.InRange(p.Second.Truth.Start - p.First.Truth.End, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)));
        var first = scenario.Frames().First();
        Assert.Equal(scenario.HistoryStart, first.Timestamp);
    }

    [Fact]
    public void Create_FirstFaultBeforeTheHistory_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DemoScenario(new DemoOptions { Backfill = TimeSpan.FromHours(1), FirstFault = TimeSpan.FromHours(-2) }, 1, DateTimeOffset.UnixEpoch));
}
