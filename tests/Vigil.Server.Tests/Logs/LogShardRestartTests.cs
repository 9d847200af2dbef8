using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>A log source's templates survive a restart: same ids, counts carried on, no new-pattern signal for old kinds.</summary>
public sealed class LogShardRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_SameKindOfLine_SameTemplateIdAndCountContinues()
    {
        using var data = new TempDirectory("vigil-logs-restart");
        string firstId;
        await using (var first = await StartAsync(data.Path))
        {
            var (app, client) = first;
            using var response = await LogsClient.PostJsonLinesAsync(client, "{\"msg\":\"user 1 logged in\"}\n{\"msg\":\"disk 3 full\"}", Ct, source: "restart");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            firstId = (await LogsClient.TemplatesAsync(client, "restart", Ct)).Single(t => t.GetProperty("template").GetString()!.StartsWith("user", StringComparison.Ordinal)).GetProperty("id").GetString()!;
        }

        await using var second = await StartAsync(data.Path);
        using (var response = await LogsClient.PostJsonLinesAsync(second.Client, "{\"msg\":\"user 2 logged in\"}", Ct, source: "restart"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var templates = await LogsClient.TemplatesAsync(second.Client, "restart", Ct);
        Assert.Equal(2, templates.Length);
        var user = templates.Single(t => t.GetProperty("id").GetString() == firstId);
        Assert.Equal(2, user.GetProperty("count").GetInt64());
        Assert.False(user.GetProperty("new").GetBoolean());
    }

    private static async Task<Running> StartAsync(string dataDirectory)
    {
        var url = FreePort.LoopbackUrl();
        var options = new ServerOptions { Listen = url, DataDirectory = dataDirectory, SiloPort = 0, Logs = { SyslogUdpPort = 0, SyslogTcpPort = 0, WarmupLines = 1 } };
        var app = VigilServer.Build(options, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync(Ct);
        return new Running(app, new HttpClient { BaseAddress = new Uri(url + "/") });
    }

    private sealed record Running(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
    }
}
