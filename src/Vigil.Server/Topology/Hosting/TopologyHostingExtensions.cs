using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
using Vigil.Correlation.Topology;
using Vigil.Storage.Sqlite;

namespace Vigil.Server.Topology.Hosting;

/// <summary>Registers the topology (store, catalog, periodic inference) and the change events.</summary>
internal static class TopologyHostingExtensions
{
    /// <summary>
    /// Key of an optional <see cref="TimeProvider"/> for the refresh timer alone; tests register a fake one here so
    /// that the silo and the rest of the engine keep real time.
    /// </summary>
    public const string ClockKey = "vigil.topology.clock";

    public static IServiceCollection AddTopology(this IServiceCollection services, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Topology);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Changes);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TopologyCatalog>(
            sp, sp.GetKeyedService<TimeProvider>(ClockKey) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITopologySource>(sp => sp.GetRequiredService<TopologyCatalog>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TopologyRefreshService>(
            sp, sp.GetKeyedService<TimeProvider>(ClockKey) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<TopologyRefreshService>());
        return services;
    }
}
