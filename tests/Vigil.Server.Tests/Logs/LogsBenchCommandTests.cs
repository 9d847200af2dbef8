using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary><c>vigil bench logs</c> end to end on a small load: every line reaches the store through both receivers.</summary>
public sealed class LogsBenchCommandTests
{
    [Fact]
    public async Task BenchLogs_SmallRun_ReportsBothReceiversAndMinerMemory()
    {
        using var dir = new TempDirectory("vigil-bench-logs");
        var input = Path.Combine(dir.Path, "app.log");
        await File.WriteAllLinesAsync(input, ["user 1 logged in from 10.0.0.1", "disk sda1 at 91% full", "user 2 logged in from 10.0.0.2"], TestContext.Current.CancellationToken);

        var (exit, stdout, stderr) = await VigilCli.RunAsync(dir.Path, TestContext.Current.CancellationToken,
            "bench", "logs", "--input", input, "--lines", "3000", "--batch", "500", "--templates", "2000");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        Assert.Contains("3,000 lines of app.log (3 distinct messages) per receiver", stdout, StringComparison.Ordinal);
        Assert.Matches(@"syslog TCP \(RFC 5424, octet counting\): 3,000 lines stored in [\d.]+ s = [\d,]+ lines/s \([\d.]+–[\d.]+× Drain3's", stdout);
        Assert.Matches(@"OTLP/HTTP JSON \(500 records per request\): 3,000 lines stored in", stdout);
        Assert.Matches(@"miner memory: 2,000 distinct templates hold [\d.]+ MiB of managed heap: [\d.]+ MiB per 10,000 templates", stdout);
    }
}
