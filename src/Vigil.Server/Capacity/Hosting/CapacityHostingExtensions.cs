using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
using Vigil.Server.Capacity;
using Vigil.Storage.Sqlite.Capacity;

namespace Vigil.Server.Capacity.Hosting;

/// <summary>Registers capacity targets, their store in the data directory, and their periodic evaluation.</summary>
internal static class CapacityHostingExtensions
{
    /// <summary>
    /// Key of an optional <see cref="TimeProvider"/> for the evaluation timer alone; tests register a fake one here
    /// so that the silo and the rest of the engine keep real time.
    /// </summary>
    public const string ClockKey = "vigil.capacity.clock";

    public static IServiceCollection AddCapacity(this IServiceCollection services, CapacityEvaluationOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(_ => SqliteCapacityStore.Open(dataDirectory));
        services.AddSingleton<ICapacityStore>(sp => sp.GetRequiredService<SqliteCapacityStore>());
        services.AddSingleton<CapacityEvaluator>();
        services.AddSingleton<CapacitySignals>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CapacityEvaluationService>(
            sp, sp.GetKeyedService<TimeProvider>(ClockKey) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<CapacityEvaluationService>());
        return services;
    }
}
