using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Storage;
using Vigil.Engine.Hosting;
using Vigil.Engine.Ingest;
using Vigil.Engine.Query;
using Vigil.Engine.Series;
using Vigil.Storage.Sqlite;

namespace Vigil.Engine.Tests;

/// <summary>
/// The engine as the server hosts it — one Orleans silo, the real SQLite store, fake time — without the web part.
/// Dispose and start another on the same directory to restart.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineHost(IHost host) => _host = host;

    public static DateTimeOffset Epoch { get; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time => (FakeTimeProvider)_host.Services.GetRequiredService<TimeProvider>();

    public MetricIngestor Ingestor => _host.Services.GetRequiredService<MetricIngestor>();

    public Checkpointer Checkpointer => _host.Services.GetRequiredService<Checkpointer>();

    public ChunkWriter Writer => _host.Services.GetRequiredService<ChunkWriter>();

    public SeriesReader Reader => _host.Services.GetRequiredService<SeriesReader>();

    public ISeriesIndex Series => _host.Services.GetRequiredService<ISeriesIndex>();

    public IIngestJournal Journal => _host.Services.GetRequiredService<IIngestJournal>();

    public ISignalStore Signals => _host.Services.GetRequiredService<ISignalStore>();

    public IModelStore Models => _host.Services.GetRequiredService<IModelStore>();

    public ModelSnapshotter Snapshotter => _host.Services.GetRequiredService<ModelSnapshotter>();

    public IServiceProvider Services => _host.Services;

    public static async Task<EngineHost> StartAsync(string dataDirectory, EngineOptions? options = null, ILoggerProvider? logs = null)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l =>
            {
                l.ClearProviders();
                if (logs is not null)
                {
                    l.AddProvider(logs);
                }
            })
            .UseOrleans(silo => silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort()))
            .ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(new FakeTimeProvider(Epoch));
                services.AddSingleton(sp => SqliteStore.Open(new SqliteStoreOptions { DataDirectory = dataDirectory }, sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Series);
                services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Chunks);
                services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Journal);
                services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Signals);
                services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Incidents);
                services.AddSingleton(sp => sp.GetRequiredService<SqliteStore>().Models);
                services.AddVigilEngine(options ?? new EngineOptions { Shards = 4 });
            })
            .Build();
        await host.StartAsync();
        var engine = new EngineHost(host);
        await engine.Ingestor.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
