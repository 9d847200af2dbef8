using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Prometheus;
using Scalar.AspNetCore;
using Vigil.Engine.Hosting;
using Vigil.Engine.Ingest;
using Vigil.Engine.Telemetry;
using Vigil.Ingest.Otlp;
using Vigil.Server.Api;
using Vigil.Server.Auth;
using Vigil.Server.Capacity.Hosting;
using Vigil.Server.Receivers;
using Vigil.Server.Notifications.Hosting;
using Vigil.Server.Telemetry;
using Vigil.Server.Topology.Hosting;


namespace Vigil.Server.Hosting;

/// <summary>Builds the Vigil server: one place where the whole pipeline is composed.</summary>
public static class VigilServer
{
    /// <summary>
    /// Builds the server from validated options. Throws <see cref="InvalidOperationException"/> when Vigil would listen
    /// beyond loopback without any API key.
    /// </summary>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var keys = ApiKeyStore.Load(options.DataDirectory);
        var requireKeys = options.RequireApiKeys || !options.IsLoopbackOnly;
        if (requireKeys && keys.Keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"Vigil would listen on {options.Listen}, beyond loopback, and no API key exists in {Path.GetFullPath(options.DataDirectory)}. " +
                $"Create one first: vigil keys create --data {options.DataDirectory} --name prometheus --scopes ingest,read");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.Limits.MaxBodyBytes);
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        // Per-request and silo chatter drowns what an operator needs; warnings still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        // Receivers → ingest → journal → shards → detectors → signals: the engine on an embedded silo.
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSqliteStore(new() { DataDirectory = options.DataDirectory, Retention = options.Engine.Retention });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: options.SiloPort == 0 ? FreePort() : options.SiloPort, gatewayPort: 0);
            silo.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = "vigil";
                c.ServiceId = "vigil";
            });
        });
        builder.Services.AddVigilEngine(options.Engine);
        builder.Services.AddCapacity(options.Capacity, options.DataDirectory);
        builder.Services.AddVigilLogs(options);
        builder.Services.AddTopology(options.Topology);
        builder.Services.AddNotifications(options.Notifications);
        builder.Services.AddSingleton(new DeltaToCumulative());
        builder.Services.AddSingleton(sp => new OtlpMetricsDecoder(limits: options.Limits, deltas: sp.GetRequiredService<DeltaToCumulative>()));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Vigil API";
            document.Info.Version = typeof(VigilServer).Assembly.GetName().Version?.ToString(3) ?? "0";
            document.Info.Description = "Receivers (Prometheus remote write, OTLP, Influx, Alertmanager), series and samples queries, signals.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            j.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>(requireKeys);

        app.MapRemoteWrite();
        app.MapOtlpMetrics();
        app.MapInflux();
        app.MapAlertmanager();
        app.MapSeriesApi();
        app.MapSignalsApi();
        app.MapForecastApi();
        Api.AnomalyDetector.AnomalyDetectorApi.MapAnomalyDetectorApi(app);
        app.MapVigilLogs();
        app.MapTopologyApi();
        app.MapChangesApi();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Vigil API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        var registry = app.Services.GetRequiredService<VigilMetrics>().Registry;
        app.MapMetrics("/metrics", registry).RequireScope(ApiScope.Read);
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapGet("/readyz", (MetricIngestor ingestor) =>
            ingestor.IsReady ? Results.Text("ready") : Results.Text("replaying journal", statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
        return app;
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
