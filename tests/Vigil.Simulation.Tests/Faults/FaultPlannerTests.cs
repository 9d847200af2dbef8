using Vigil.Simulation.Faults;
using Vigil.Simulation.Fleet;

namespace Vigil.Simulation.Tests.Faults;

public sealed class FaultPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly FleetModel Fleet = FleetBuilder.Build(new FleetOptions { Services = 60 }, seed: 2);

    [Fact]
    public void Plan_SevenFaults_EveryKindOnceInOrderWithoutOverlap()
    {
        var plan = FaultPlanner.Plan(Fleet, new FaultPlanOptions { Count = 7, FirstStart = Start }, seed: 4);

        Assert.Equal(Enum.GetValues<FaultKind>().Order(), plan.Select(static f => f.Truth.Kind).Order());
        Assert.Equal(Start, plan[0].Truth.Start);
        for (var i = 1; i < plan.Length; i++)
        {
            Assert.True(plan[i].Truth.Start >= plan[i - 1].Truth.End + TimeSpan.FromMinutes(15));
        }
        Assert.Equal(["f001", "f002", "f003", "f004", "f005", "f006", "f007"], plan.Select(static f => f.Truth.Id));
    }

    [Fact]
    public void Plan_Propagation_RootFirstThenCallersLaterAndWeaker()
    {
        var plan = FaultPlanner.Plan(Fleet, new FaultPlanOptions { Count = 14, FirstStart = Start }, seed: 4);

        foreach (var fault in plan)
        {
            var root = fault.Impacts[0];
            Assert.Equal(fault.Truth.Root, root.Service);
            Assert.Equal(0, root.Hops);
            Assert.Equal(1, root.Attenuation);
            Assert.Equal(fault.Truth.Affected, fault.Impacts.Select(static i => i.Service));
            foreach (var impact in fault.Impacts.Skip(1))
            {
                // Each affected caller calls an affected service one hop closer to the root, later and weaker.
                var callees = Fleet.CalleesOf(impact.Service).Select(c => fault.Impacts.FirstOrDefault(i => i.Service == c.Callee))
                    .Where(static i => i.Service is not null).ToList();
                Assert.Contains(callees, c => c.Hops == impact.Hops - 1);
                Assert.Contains(callees, c => c.Onset < impact.Onset);
                Assert.Contains(callees, c => c.Attenuation > impact.Attenuation);
                Assert.True(impact.Attenuation * FaultPlanner.Spread(fault.Truth.Kind) * fault.Magnitude >= 0.3);
            }
        }
        Assert.Contains(plan, static f => f.Truth.Affected.Length > 2);
    }

    [Fact]
    public void Plan_KindsPickFittingRoots()
    {
        var plan = FaultPlanner.Plan(Fleet, new FaultPlanOptions { Count = 28, FirstStart = Start }, seed: 8);

        Assert.All(plan.Where(static f => f.Truth.Kind == FaultKind.DependencyOutage), f => Assert.Equal(ServiceTier.Datastore, Fleet[f.Truth.Root].Tier));
        Assert.All(plan.Where(static f => f.Truth.Kind is FaultKind.MemoryLeak or FaultKind.DiskFill), static f => Assert.Single(f.Truth.Affected));
        Assert.All(plan, f => Assert.NotEqual(ServiceTier.Edge, Fleet[f.Truth.Root].Tier));
    }

    [Fact]
    public void Plan_FirstKind_IsHonoured()
    {
        var plan = FaultPlanner.Plan(Fleet, new FaultPlanOptions { Count = 7, FirstStart = Start, FirstKind = FaultKind.BadDeploy }, seed: 4);

        Assert.Equal(FaultKind.BadDeploy, plan[0].Truth.Kind);
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), plan.Select(static f => f.Truth.Kind).Order());
    }

    [Fact]
    public void Intensity_StepAndRamp()
    {
        var plan = FaultPlanner.Plan(Fleet, new FaultPlanOptions { Count = 7, FirstStart = Start }, seed: 4);
        var step = plan.First(static f => f.Truth.Kind == FaultKind.Latency);
        var ramp = plan.First(static f => f.Truth.Kind == FaultKind.MemoryLeak);
        var middle = ramp.Truth.Start + ((ramp.Truth.End - ramp.Truth.Start) / 2);

        Assert.Equal(0, step.Intensity(step.Truth.Start - TimeSpan.FromSeconds(1), step.Truth.Start));
        Assert.Equal(1, step.Intensity(step.Truth.Start, step.Truth.Start));
        Assert.Equal(0, step.Intensity(step.Truth.End, step.Truth.Start));
        Assert.Equal(0.5, ramp.Intensity(middle, ramp.Truth.Start), 3);
    }
}
