using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;
using Vigil.Engine.Ingest;
using Vigil.Engine.Series;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// A Vigil server in the test process: <see cref="VigilServer.Build"/> on a free loopback port with a temporary data
/// directory and an ephemeral silo port. Shared by the tests of one class (<c>IClassFixture</c>); subclasses adjust
/// the options or the services.
/// </summary>
public class VigilServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("vigil-server");
    private WebApplication? _app;

    /// <summary>The running application (its services: the store, the ingestor, the chunk writer, …).</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("not started");

    /// <summary>The options the server was built with.</summary>
    public ServerOptions Options { get; private set; } = new();

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>A client on <see cref="BaseAddress"/>, no key.</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>The data directory.</summary>
    public string DataDirectory => _data.Path;

    /// <summary>The series index, to check what a request did (or did not) write.</summary>
    public ISeriesIndex SeriesIndex => App.Services.GetRequiredService<ISeriesIndex>();

    /// <summary>Adjust the options before the server is built (keys, limits, engine).</summary>
    protected virtual void Configure(ServerOptions options)
    {
    }

    /// <summary>Adjust the builder (replace services) before the app is built.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    /// <summary>Whether <see cref="InitializeAsync"/> waits for the journal replay (false: tests that watch it).</summary>
    protected virtual bool AwaitReplay => true;

    /// <summary>Completes when the journal has been replayed and ingest is open.</summary>
    public Task Replayed => App.Services.GetServices<IHostedService>().OfType<JournalReplayer>().Single().ExecuteTask ?? Task.CompletedTask;

    public virtual async ValueTask InitializeAsync()
    {
        var url = FreePort.LoopbackUrl();
        var options = new ServerOptions { Listen = url, DataDirectory = _data.Path, SiloPort = 0, Logs = { SyslogUdpPort = 0, SyslogTcpPort = 0 } };
        Configure(options);
        Options = options;
        _app = VigilServer.Build(options, builder =>
        {
            // Warnings and errors only: a failing test's output stays readable.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            ConfigureBuilder(builder);
        });
        BaseAddress = new Uri(url + "/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await _app.StartAsync();
        if (AwaitReplay)
        {
            await Replayed;
        }
    }

    /// <summary>Waits until every sealed chunk is in the store (chunks are written behind the shards).</summary>
    public Task FlushChunksAsync() => App.Services.GetRequiredService<ChunkWriter>().FlushAsync();

    /// <summary>The ingestor (readiness, admission).</summary>
    public MetricIngestor Ingestor => App.Services.GetRequiredService<MetricIngestor>();

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            try
            {
                await _app.StopAsync(CancellationToken.None);
            }
            finally
            {
                await _app.DisposeAsync();
            }
        }
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
