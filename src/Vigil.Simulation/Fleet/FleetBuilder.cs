using Vigil.Core.Topology;

namespace Vigil.Simulation.Fleet;

/// <summary>
/// Builds a layered fleet from a seed: load balancers → frontends → mid-tier services (which also call each other,
/// always towards later ones, so the graph has no cycle) → backends → databases, caches and queues. Data stores are
/// shared by several backends; services share hosts, data stores get their own.
/// </summary>
public static class FleetBuilder
{
    private static readonly string[] FrontendNames = ["web-frontend", "mobile-api", "partner-api", "admin-ui", "graphql-gateway", "bff-ios", "bff-android", "public-api"];

    private static readonly string[] MidNames =
    [
        "checkout", "cart", "catalog", "search", "recommendations", "pricing", "inventory", "shipping", "accounts", "auth",
        "notifications", "reviews", "orders", "profile", "ads", "currency", "tax", "fraud", "loyalty", "wishlist",
        "promotions", "returns", "support", "media", "localization", "feature-flags", "sessions", "billing", "quotes", "subscriptions",
    ];

    private static readonly string[] BackendNames =
    [
        "payments", "ledger", "user-store", "product-store", "search-indexer", "order-store", "email-sender", "sms-gateway",
        "image-resizer", "geo", "rates", "audit-log", "tokens", "stock-keeper", "warehouse-sync", "report-builder",
    ];

    private static readonly (string Name, EntityKind Kind)[] StoreNames =
    [
        ("postgres-orders", EntityKind.Database), ("postgres-users", EntityKind.Database), ("redis-sessions", EntityKind.Database),
        ("kafka-events", EntityKind.Queue), ("mysql-catalog", EntityKind.Database), ("redis-cache", EntityKind.Database),
        ("elasticsearch", EntityKind.Database), ("rabbitmq-jobs", EntityKind.Queue), ("cassandra-activity", EntityKind.Database),
        ("postgres-billing", EntityKind.Database), ("memcached", EntityKind.Database), ("s3-gateway", EntityKind.Database),
    ];

    /// <summary>A fleet of <see cref="FleetOptions.Services"/> services; the same seed gives the same fleet.</summary>
    public static FleetModel Build(FleetOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(seed);
        var n = options.Services;
        var edges = n >= 80 ? 2 : 1;
        var frontends = Math.Max(2, (int)Math.Round(n * 0.1));
        var stores = Math.Max(3, (int)Math.Round(n * 0.18));
        var backends = Math.Max(3, (int)Math.Round(n * 0.25));
        var mids = n - edges - frontends - stores - backends;

        var hosts = Math.Max(3, (n - stores) / 4);
        var hostNames = Enumerable.Range(1, hosts).Select(static i => $"host-{i:D2}").ToArray();
        var services = new List<SimulatedService>(n);
        var names = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string name)
        {
            var candidate = name;
            for (var k = 2; !names.Add(candidate); k++)
            {
                candidate = $"{name}-{k}";
            }
            return candidate;
        }
        void Add(string name, ServiceTier tier, EntityKind kind, string host, double latency, double cpu, double memoryMb, double diskGb) =>
            services.Add(new SimulatedService(Unique(name), tier, kind, host, 8080 + services.Count, 0, latency * Jitter(random, 0.3),
                0.001 + (random.NextDouble() * 0.004), cpu * Jitter(random, 0.3), memoryMb * Jitter(random, 0.3) * (1 << 20),
                diskGb * Jitter(random, 0.3) * (1L << 30), 0.3 + (random.NextDouble() * 0.3)));

        for (var i = 0; i < edges; i++)
        {
            Add($"lb-edge-{i + 1}", ServiceTier.Edge, EntityKind.LoadBalancer, $"lb-host-{i + 1}", 0.004, 0.4, 128, 10);
        }
        for (var i = 0; i < frontends; i++)
        {
            Add(FrontendNames[i % FrontendNames.Length], ServiceTier.Frontend, EntityKind.Service, Pick(random, hostNames), 0.06, 0.8, 512, 20);
        }
        for (var i = 0; i < mids; i++)
        {
            Add(MidNames[i % MidNames.Length], ServiceTier.Mid, EntityKind.Service, Pick(random, hostNames), 0.025, 0.6, 384, 20);
        }
        for (var i = 0; i < backends; i++)
        {
            Add(BackendNames[i % BackendNames.Length], ServiceTier.Backend, EntityKind.Service, Pick(random, hostNames), 0.012, 0.5, 512, 40);
        }
        for (var i = 0; i < stores; i++)
        {
            var (name, kind) = StoreNames[i % StoreNames.Length];
            Add(name, ServiceTier.Datastore, kind, $"db-host-{i + 1:D2}", 0.003, 1.2, 2048, 500);
        }

        var calls = Wire(services, random);
        var rates = Rates(services, calls, options.EdgePeakRate);
        var withRates = services.Select(s => s with { PeakRate = rates[s.Name] });
        return new FleetModel(withRates, calls);
    }

    private static List<FleetCall> Wire(List<SimulatedService> services, Random random)
    {
        var calls = new List<FleetCall>();
        var byTier = services.GroupBy(static s => s.Tier).ToDictionary(static g => g.Key, static g => g.ToList());
        var seen = new HashSet<(string, string)>();
        void Call(SimulatedService from, SimulatedService to)
        {
            if (from.Name == to.Name || !seen.Add((from.Name, to.Name)))
            {
                return;
            }
            calls.Add(new FleetCall(from.Name, to.Name, 0.3 + (random.NextDouble() * 1.2), 0.55 + (random.NextDouble() * 0.35),
                TimeSpan.FromSeconds(15 + random.Next(0, 46))));
        }
        var frontends = byTier[ServiceTier.Frontend];
        var mids = byTier[ServiceTier.Mid];
        var backends = byTier[ServiceTier.Backend];
        var stores = byTier[ServiceTier.Datastore];
        foreach (var lb in byTier[ServiceTier.Edge])
        {
            foreach (var frontend in frontends)
            {
                Call(lb, frontend);
            }
        }
        foreach (var frontend in frontends)
        {
            for (var k = 2 + random.Next(3); k > 0; k--)
            {
                Call(frontend, Pick(random, mids));
            }
        }
        for (var i = 0; i < mids.Count; i++)
        {
            // Mid-tier services call later mid-tier services (never earlier: no cycles), then backends.
            if (i + 1 < mids.Count && random.NextDouble() < 0.6)
            {
                Call(mids[i], mids[i + 1 + random.Next(Math.Min(6, mids.Count - i - 1))]);
            }
            for (var k = 1 + random.Next(2); k > 0; k--)
            {
                Call(mids[i], Pick(random, backends));
            }
        }
        foreach (var backend in backends)
        {
            // A few popular stores are shared by many backends (preferential choice: the first stores are busier).
            for (var k = 1 + random.Next(2); k > 0; k--)
            {
                Call(backend, stores[Math.Min(stores.Count - 1, (int)(stores.Count * Math.Pow(random.NextDouble(), 1.6)))]);
            }
        }
        // Whoever nobody calls gets a caller from the layer above, so every service carries traffic.
        foreach (var (tier, above) in new[] { (ServiceTier.Mid, frontends), (ServiceTier.Backend, mids), (ServiceTier.Datastore, backends) })
        {
            foreach (var service in byTier[tier])
            {
                if (!calls.Exists(c => c.Callee == service.Name))
                {
                    Call(Pick(random, above), service);
                }
            }
        }
        return calls;
    }

    private static Dictionary<string, double> Rates(List<SimulatedService> services, List<FleetCall> calls, double edgeRate)
    {
        var rates = services.ToDictionary(static s => s.Name, static _ => 0.0, StringComparer.Ordinal);
        var edges = services.Where(static s => s.Tier == ServiceTier.Edge).ToList();
        foreach (var lb in edges)
        {
            rates[lb.Name] = edgeRate / edges.Count;
        }
        // Services are in layer order and calls only go to later services, so one pass in order settles every rate.
        var index = services.Select(static (s, i) => (s.Name, i)).ToDictionary(static p => p.Name, static p => p.i, StringComparer.Ordinal);
        foreach (var call in calls.OrderBy(c => index[c.Caller]))
        {
            var fanOut = call.Caller.StartsWith("lb-", StringComparison.Ordinal) ? 1.0 / calls.Count(c => c.Caller == call.Caller) : call.CallsPerRequest;
            rates[call.Callee] += rates[call.Caller] * fanOut;
        }
        foreach (var name in rates.Keys.ToList())
        {
            rates[name] = Math.Max(0.5, rates[name]);
        }
        return rates;
    }

    private static double Jitter(Random random, double spread) => 1 + (spread * ((2 * random.NextDouble()) - 1));

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
