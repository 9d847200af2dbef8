using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;

namespace Vigil.Cli.Bench;

/// <summary>
/// A server in this process on a loopback port with its own temporary data directory, for the benchmarks that measure
/// the path users get; disposing it stops the server and deletes the directory.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly string _data;

    private InProcessServer(WebApplication app, string url, string data)
    {
        App = app;
        Url = url;
        _data = data;
    }

    /// <summary>The running server.</summary>
    public WebApplication App { get; }

    /// <summary>Its base URL, <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; }

    /// <summary>Builds and starts a server; <paramref name="configure"/> sets options beyond the listen address and data directory.</summary>
    public static async Task<InProcessServer> StartAsync(string prefix, Action<ServerOptions> configure, CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        var url = $"http://127.0.0.1:{FreePort()}";
        var options = new ServerOptions { Listen = url, DataDirectory = data, SiloPort = 0 };
        configure(options);
        var app = VigilServer.Build(options, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync(ct);
        return new InProcessServer(app, url, data);
    }

    /// <summary>A TCP port free on loopback now.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
