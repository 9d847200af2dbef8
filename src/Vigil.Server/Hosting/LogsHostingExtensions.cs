using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
using Vigil.Engine.Logs;
using Vigil.Engine.Telemetry;
using Vigil.Server.Logs;
using Vigil.Storage.Sqlite.Logs;

namespace Vigil.Server.Hosting;

/// <summary>The log path: receivers (syslog, JSON lines) → log shards → templates store → API.</summary>
internal static class LogsHostingExtensions
{
    /// <summary>Adds the log store, shards' settings, ingestor, syslog listener and retention.</summary>
    public static IServiceCollection AddVigilLogs(this IServiceCollection services, ServerOptions options)
    {
        var logs = options.Logs;
        services.AddSingleton(logs);
        // Learned state is written on one schedule, series models and log rates alike.
        var shards = logs.ToShardOptions(options.Engine.SnapshotInterval);
        services.AddSingleton(shards);
        services.AddSingleton(sp => new LogMetrics(sp.GetRequiredService<VigilMetrics>().Registry));
        services.AddSingleton<ILogStore>(_ => SqliteLogStore.Open(options.DataDirectory));
        services.AddSingleton<LogIngestor>();
        services.AddHostedService<SyslogListener>();
        services.AddHostedService<LogRetention>();
        return services;
    }

    /// <summary>Maps the log receivers and the logs API.</summary>
    public static void MapVigilLogs(this IEndpointRouteBuilder app)
    {
        app.MapJsonLogs();
        app.MapOtlpLogs();
        app.MapLogsApi();
    }
}
