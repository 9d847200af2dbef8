using Vigil.Core.Topology;
using Vigil.Simulation.Fleet;

namespace Vigil.Simulation.Tests.Fleet;

public sealed class FleetBuilderTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(57)]
    [InlineData(200)]
    public void Build_AnySize_HasTheServicesLayersAndEveryServiceCalled(int size)
    {
        var fleet = FleetBuilder.Build(new FleetOptions { Services = size }, seed: 3);

        Assert.Equal(size, fleet.Services.Length);
        Assert.Equal(size, fleet.Services.Select(static s => s.Name).Distinct().Count());
        foreach (var tier in Enum.GetValues<ServiceTier>())
        {
            Assert.Contains(fleet.Services, s => s.Tier == tier);
        }
        foreach (var service in fleet.Services.Where(static s => s.Tier != ServiceTier.Edge))
        {
            Assert.NotEmpty(fleet.CallersOf(service.Name));
            Assert.True(service.PeakRate > 0);
        }
        Assert.Contains(fleet.Services, static s => s.Kind == EntityKind.Database);
        Assert.Contains(fleet.Services, static s => s.Kind == EntityKind.LoadBalancer);
    }

    [Fact]
    public void Build_Calls_GoDownTheLayersWithoutCycles()
    {
        var fleet = FleetBuilder.Build(new FleetOptions { Services = 120 }, seed: 9);
        var position = fleet.Services.Select(static (s, i) => (s.Name, i)).ToDictionary(static p => p.Name, static p => p.i);

        Assert.All(fleet.Calls, call => Assert.True(position[call.Caller] < position[call.Callee], $"{call.Caller} → {call.Callee} goes up"));
        Assert.All(fleet.Calls, static call => Assert.InRange(call.Coupling, 0.01, 1));
        // Shared dependencies: some data store serves several backends.
        Assert.Contains(fleet.Services.Where(static s => s.Tier == ServiceTier.Datastore), s => fleet.CallersOf(s.Name).Length > 1);
    }

    [Fact]
    public void Build_Topology_HasCallsAndRunsOnEdgesToHosts()
    {
        var fleet = FleetBuilder.Build(new FleetOptions { Services = 30 }, seed: 1);

        Assert.Equal(fleet.Calls.Length, fleet.Edges.Count(static e => e.Kind == EdgeKind.Calls));
        Assert.Equal(30, fleet.Edges.Count(static e => e.Kind == EdgeKind.RunsOn));
        Assert.All(fleet.Hosts, h => Assert.Contains(fleet.Entities, e => e.Id == h && e.Kind == EntityKind.Host));
        Assert.True(fleet.Hosts.Length < 30, "services share hosts");
    }

    [Fact]
    public void Build_SameSeed_SameFleet_OtherSeed_OtherFleet()
    {
        var a = FleetBuilder.Build(new FleetOptions(), seed: 5);
        var b = FleetBuilder.Build(new FleetOptions(), seed: 5);
        var c = FleetBuilder.Build(new FleetOptions(), seed: 6);

        Assert.Equal(a.Services, b.Services);
        Assert.Equal(a.Calls, b.Calls);
        Assert.NotEqual(a.Calls, c.Calls);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(201)]
    public void Build_SizeOutOfRange_Throws(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FleetBuilder.Build(new FleetOptions { Services = size }, seed: 1));
}
