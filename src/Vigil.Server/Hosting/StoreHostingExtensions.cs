using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
using Vigil.Server.Console;
using Vigil.Storage.Sqlite;

namespace Vigil.Server.Hosting;

/// <summary>Registers the embedded SQLite store behind the Core store interfaces.</summary>
internal static class StoreHostingExtensions
{
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, SqliteStoreOptions options)
    {
        services.AddSingleton(sp => SqliteStore.Open(options, sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Series);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Chunks);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Journal);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Incidents);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Models);
        // Stored signal changes also go to the console's live event stream.
        services.AddSingleton<SignalFeed>();
        services.AddSingleton<OpenSignalIndex>();
        services.AddSingleton(sp => new PublishingSignalStore(sp.GetRequiredService<SqliteStore>().Signals, sp.GetRequiredService<SignalFeed>(), sp.GetRequiredService<OpenSignalIndex>()));
        services.AddSingleton<ISignalStore>(sp => sp.GetRequiredService<PublishingSignalStore>());
        return services;
    }
}
