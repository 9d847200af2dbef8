using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>
/// A log source's templates survive a restart (same ids, counts carried on, no new-pattern signal for old kinds), and so
/// do its learned rate baselines (a burst right after the restart is an anomaly, not a warm-up point).
/// </summary>
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restart_AfterHalfAnHourOfTraffic_ABurstRightAfterIsAnAnomalyOnlyWithTheSavedBaselines(bool keepBaselines)
    {
        using var data = new TempDirectory("vigil-logs-rates");
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestTime.BaseMs));
        await using (var first = await StartAsync(data.Path, clock))
        {
            for (var minute = 0; minute < 30; minute++)
            {
                await PostMinuteAsync(first.Client, clock, 95 + (minute % 10));
            }
        }
        if (!keepBaselines)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data.Path, "logs.db")};Pooling=false");
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM log_rates";
            Assert.Equal(1, delete.ExecuteNonQuery());
        }

        await using var second = await StartAsync(data.Path, clock);
        await PostMinuteAsync(second.Client, clock, 100);
        await PostMinuteAsync(second.Client, clock, 1000);
        await PostMinuteAsync(second.Client, clock, 100);

        var signals = (await VigilApi.GetDataAsync(second.Client, "api/v1/signals?kind=LogAnomaly&entity=service%2Frates", Ct)).EnumerateArray()
            .Where(s => s.GetProperty("evidence").GetProperty("measure").GetString() == "lines per minute").ToList();
        if (keepBaselines)
        {
            Assert.Equal("1000", Assert.Single(signals).GetProperty("evidence").GetProperty("observed").GetString());
        }
        else
        {
            Assert.Empty(signals); // a fresh window of two points is still warming up
        }
    }

    private static async Task PostMinuteAsync(HttpClient client, FakeTimeProvider clock, int lines)
    {
        var body = string.Concat(Enumerable.Range(0, lines).Select(i => $$"""{"msg":"request {{i}} served in {{10 + (i % 9)}} ms"}""" + "\n"));
        using var response = await client.PostAsync("api/v1/logs?source=rates", new StringContent(body, Encoding.UTF8), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task<Running> StartAsync(string dataDirectory, FakeTimeProvider? clock = null)
    {
        var url = FreePort.LoopbackUrl();
        var options = new ServerOptions { Listen = url, DataDirectory = dataDirectory, SiloPort = 0, Logs = { SyslogUdpPort = 0, SyslogTcpPort = 0, WarmupLines = 1 } };
        var app = VigilServer.Build(options, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            if (clock is not null)
            {
                // Lines are stamped with arrival time: the test moves the clock a minute at a time.
                b.Services.AddSingleton<TimeProvider>(clock);
            }
        });
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
