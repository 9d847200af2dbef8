using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary><c>vigil logs ingest</c> as a user runs it: the real executable against a running server or a test server.</summary>
public sealed class LogsIngestCommandTests(LogsServerFixture server) : IClassFixture<LogsServerFixture>
{
    private const string Format = "<Date> <Time> <Level>: <Content>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ingest_FileWithFormat_RecordsStoredWithLevelsAndStackTracesJoined()
    {
        using var dir = new TempDirectory("vigil-ingest");
        var file = Path.Combine(dir.Path, "billing.log");
        await File.WriteAllLinesAsync(file,
        [
            "2026-11-01 10:00:00 INFO: invoice 17 paid by 10.0.0.1",
            "2026-11-01 10:00:01 INFO: invoice 18 paid by 10.0.0.2",
            "2026-11-01 10:00:02 ERROR: invoice 19 failed",
            "java.lang.IllegalStateException: card declined",
            "    at Billing.Pay(Billing.java:42)",
            "2026-11-01 10:00:03 INFO: invoice 20 paid by 10.0.0.3",
        ], Ct);

        var (exit, stdout, stderr) = await VigilCli.RunAsync(dir.Path, Ct,
            "logs", "ingest", file, "--format", Format, "--url", server.BaseAddress.ToString(), "--source", "billing");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        Assert.Contains("4 records (2 continuation lines)", stderr, StringComparison.Ordinal);
        var templates = await LogsClient.WaitForLinesAsync(server.Client, "billing", 4, Ct);
        Assert.Contains(templates, t => t.GetProperty("template").GetString() == "invoice <*> paid by <*>" && t.GetProperty("count").GetInt64() == 3);
        var failed = (await VigilApi.GetDataAsync(server.Client, "api/v1/logs/lines?source=billing&q=declined", Ct)).EnumerateArray().Single();
        var raw = failed.GetProperty("line").GetString()!;
        Assert.Contains("\"level\":\"error\"", raw, StringComparison.Ordinal);
        Assert.Contains("invoice 19 failed\\njava.lang.IllegalStateException: card declined\\n    at Billing.Pay(Billing.java:42)", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ServerAnswers429Then503_WaitsRetryAfterAndSendsTheBatchOnce()
    {
        await using var fake = await FakeReceiver.StartAsync(
            _ => Results.Text("busy", statusCode: 429, contentType: null),
            _ => Results.Text("replaying", statusCode: 503, contentType: null));
        using var dir = new TempDirectory("vigil-ingest");
        var file = Path.Combine(dir.Path, "app.log");
        await File.WriteAllTextAsync(file, "{\"level\":\"info\",\"msg\":\"one\"}\n{\"level\":\"warn\",\"msg\":\"two\"}\nplain three\n", Ct);

        var (exit, stdout, stderr) = await VigilCli.RunAsync(dir.Path, Ct, "logs", "ingest", file, "--url", fake.Url);

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        Assert.Equal(3, fake.Bodies.Count);
        Assert.All(fake.Queries, q => Assert.Equal("?source=app", q));
        Assert.Equal(["{\"level\":\"info\",\"msg\":\"one\"}", "{\"level\":\"warn\",\"msg\":\"two\"}", "{\"msg\":\"plain three\"}"], fake.Bodies[2].Split('\n'));
        Assert.Contains("429 Too Many Requests; retrying in 1 s", stderr, StringComparison.Ordinal);
        Assert.Contains("503 Service Unavailable; retrying in 0 s", stderr, StringComparison.Ordinal);
        Assert.Contains("3 records sent in 1 batches: 3 stored, 0 refused, 2 retries", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ServerRefusesTheKey_ExitsWithItsAnswer()
    {
        await using var fake = await FakeReceiver.StartAsync(_ => Results.Json(new { error = "no API key" }, statusCode: 401));
        using var dir = new TempDirectory("vigil-ingest");
        var file = Path.Combine(dir.Path, "app.log");
        await File.WriteAllTextAsync(file, "one\n", Ct);

        var (exit, _, stderr) = await VigilCli.RunAsync(dir.Path, Ct, "logs", "ingest", file, "--url", fake.Url);

        Assert.Equal(1, exit);
        Assert.Contains("answered 401 Unauthorized: no API key", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_MissingFileOrBadFormat_ExitsTwoNamingTheProblem()
    {
        using var dir = new TempDirectory("vigil-ingest");
        var missing = await VigilCli.RunAsync(dir.Path, Ct, "logs", "ingest", Path.Combine(dir.Path, "nope.log"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.log does not exist", missing.Stderr, StringComparison.Ordinal);

        var file = Path.Combine(dir.Path, "a.log");
        await File.WriteAllTextAsync(file, "x\n", Ct);
        var badFormat = await VigilCli.RunAsync(dir.Path, Ct, "logs", "ingest", file, "--format", "<Date> <Time>");
        Assert.Equal(2, badFormat.ExitCode);
        Assert.Contains("--format: The log format '<Date> <Time>' has no <Content> field.", badFormat.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_Follow_ReadsAppendedLinesThroughRotationAndTruncation()
    {
        using var dir = new TempDirectory("vigil-ingest");
        var file = Path.Combine(dir.Path, "tail.log");
        await File.WriteAllTextAsync(file, "job 1 started\n", Ct);
        using var process = Process.Start(VigilCli.StartInfo(dir.Path, null,
            "logs", "ingest", file, "--follow", "--url", server.BaseAddress.ToString(), "--source", "tail"))!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        try
        {
            await LogsClient.WaitForLinesAsync(server.Client, "tail", 1, Ct);

            await File.AppendAllTextAsync(file, "job 2 started\njob 3 ", Ct);
            await LogsClient.WaitForLinesAsync(server.Client, "tail", 2, Ct);
            // The half-written line waits for its end.
            await File.AppendAllTextAsync(file, "started\n", Ct);
            await LogsClient.WaitForLinesAsync(server.Client, "tail", 3, Ct);

            // Rotation: renamed away, a new file under the name.
            File.Move(file, file + ".1");
            await File.WriteAllTextAsync(file, "job 4 started after rotation\njob 5 started after rotation\n", Ct);
            await LogsClient.WaitForLinesAsync(server.Client, "tail", 5, Ct);

            // Truncation (copytruncate): the same file cut and written again from its start.
            await File.WriteAllTextAsync(file, "job 6 started\n", Ct);
            await LogsClient.WaitForLinesAsync(server.Client, "tail", 6, Ct);

            var lines = (await VigilApi.GetDataAsync(server.Client, "api/v1/logs/lines?source=tail", Ct)).EnumerateArray()
                .Select(l => l.GetProperty("line").GetString()).ToArray();
            Assert.Contains("{\"msg\":\"job 3 started\"}", lines);
            Assert.Contains("{\"msg\":\"job 6 started\"}", lines);
            Assert.False(process.HasExited, $"vigil logs ingest --follow exited: {stderr}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>A receiver that answers the first requests from a script, then 200 as Vigil does, and keeps what it got.</summary>
    private sealed class FakeReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeReceiver(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public List<string> Bodies { get; } = [];

        public List<string> Queries { get; } = [];

        public static async Task<FakeReceiver> StartAsync(params Func<HttpContext, IResult>[] script)
        {
            var url = FreePort.LoopbackUrl();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(url);
            var app = builder.Build();
            var fake = new FakeReceiver(app, url);
            app.MapPost("/api/v1/logs", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                int n;
                lock (fake.Bodies)
                {
                    fake.Bodies.Add(body);
                    fake.Queries.Add(context.Request.QueryString.Value ?? "");
                    n = fake.Bodies.Count;
                }
                if (n <= script.Length)
                {
                    var retryAfter = n - 1 == 0 ? "1" : "0";
                    context.Response.Headers.RetryAfter = retryAfter;
                    return script[n - 1](context);
                }
                var lines = body.Split('\n').Length;
                return Results.Json(new { accepted = lines, rejected = 0, errors = Array.Empty<string>() });
            });
            await app.StartAsync();
            return fake;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
