using System.Collections.Frozen;
using System.Collections.Immutable;
using Vigil.Core.Topology;

namespace Vigil.Simulation.Fleet;

/// <summary>
/// A simulated fleet: services on hosts and the calls between them. Its topology (entities and <c>calls</c> /
/// <c>runs-on</c> edges) is what a user would register or Vigil would infer from the labels.
/// </summary>
public sealed class FleetModel
{
    private readonly FrozenDictionary<string, SimulatedService> _byName;
    private readonly FrozenDictionary<string, ImmutableArray<FleetCall>> _callers;
    private readonly FrozenDictionary<string, ImmutableArray<FleetCall>> _callees;

    /// <summary>Builds the model from its services (in layer order) and calls.</summary>
    public FleetModel(IEnumerable<SimulatedService> services, IEnumerable<FleetCall> calls)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(calls);
        Services = [.. services];
        Calls = [.. calls];
        _byName = Services.ToFrozenDictionary(static s => s.Name, StringComparer.Ordinal);
        foreach (var call in Calls)
        {
            if (!_byName.ContainsKey(call.Caller) || !_byName.ContainsKey(call.Callee))
            {
                throw new ArgumentException($"call {call.Caller} → {call.Callee} names a service that is not in the fleet", nameof(calls));
            }
        }
        _callers = Calls.GroupBy(static c => c.Callee, StringComparer.Ordinal).ToFrozenDictionary(static g => g.Key, static g => g.ToImmutableArray(), StringComparer.Ordinal);
        _callees = Calls.GroupBy(static c => c.Caller, StringComparer.Ordinal).ToFrozenDictionary(static g => g.Key, static g => g.ToImmutableArray(), StringComparer.Ordinal);
        Hosts = [.. Services.Select(static s => s.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Entities = [.. Services.Select(static s => new Entity(s.Name, s.Kind)), .. Hosts.Select(static h => new Entity(h, EntityKind.Host))];
        Edges = [.. Calls.Select(static c => new TopologyEdge(c.Caller, c.Callee, EdgeKind.Calls)), .. Services.Select(static s => new TopologyEdge(s.Name, s.Host, EdgeKind.RunsOn))];
    }

    /// <summary>The services, edge first, data stores last.</summary>
    public ImmutableArray<SimulatedService> Services { get; }

    /// <summary>Every call edge.</summary>
    public ImmutableArray<FleetCall> Calls { get; }

    /// <summary>Host names, sorted.</summary>
    public ImmutableArray<string> Hosts { get; }

    /// <summary>Topology entities: the services (with their kinds) and the hosts.</summary>
    public ImmutableArray<Entity> Entities { get; }

    /// <summary>Topology edges: caller <c>calls</c> callee, service <c>runs-on</c> host.</summary>
    public ImmutableArray<TopologyEdge> Edges { get; }

    /// <summary>The service of that name.</summary>
    public SimulatedService this[string name] => _byName[name];

    /// <summary>Whether a service of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Calls into <paramref name="service"/> (its dependents).</summary>
    public ImmutableArray<FleetCall> CallersOf(string service) => _callers.GetValueOrDefault(service, []);

    /// <summary>Calls out of <paramref name="service"/> (its dependencies).</summary>
    public ImmutableArray<FleetCall> CalleesOf(string service) => _callees.GetValueOrDefault(service, []);
}
