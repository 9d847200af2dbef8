using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
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
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Signals);
        services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Incidents);
        return services;
    }
}
