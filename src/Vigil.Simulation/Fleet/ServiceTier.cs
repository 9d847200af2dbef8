namespace Vigil.Simulation.Fleet;

/// <summary>A service's layer in the fleet, from the edge down to the data stores. Calls only go down the layers (and between mid-tier services).</summary>
public enum ServiceTier
{
    /// <summary>Load balancers at the edge: every request enters here.</summary>
    Edge,

    /// <summary>Frontends (web, mobile API, BFFs) behind the load balancers.</summary>
    Frontend,

    /// <summary>Mid-tier business services (checkout, cart, search, …).</summary>
    Mid,

    /// <summary>Backend services close to the data (ledgers, indexers, stores).</summary>
    Backend,

    /// <summary>Databases, caches and queues.</summary>
    Datastore,
}
