using System.Diagnostics;
using System.Text;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>
/// A real rsyslogd, started by the test with its own config on loopback, receiving with <c>logger</c> over UDP and
/// forwarding to Vigil over TCP (octet-counted RFC 5424, as <c>omfwd</c> is usually configured).
/// </summary>
public sealed class RsyslogForwardingTests(LogsServerFixture server) : IClassFixture<LogsServerFixture>
{
    private const string Rsyslogd = "/usr/sbin/rsyslogd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rsyslog_OmfwdOctetCounted_LinesArriveWithTheirTag()
    {
        if (!File.Exists(Rsyslogd))
        {
            Assert.Skip($"needs {Rsyslogd} (Debian package rsyslog)");
        }
        using var dir = new TempDirectory("rsyslog");
        var inPort = FreePort.Next();
        File.WriteAllText(dir.Combine("rsyslog.conf"), $"""
            global(workDirectory="{dir.Path}")
            module(load="imudp")
            input(type="imudp" address="127.0.0.1" port="{inPort}")
            action(type="omfwd" target="127.0.0.1" port="{server.SyslogPort}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
            """);
        var start = new ProcessStartInfo(Rsyslogd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "-f", dir.Combine("rsyslog.conf"), "-i", dir.Combine("rsyslogd.pid") })
        {
            start.ArgumentList.Add(arg);
        }
        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            // rsyslogd reports no readiness: probe over UDP until one probe made it through to Vigil.
            var deadline = Stopwatch.StartNew();
            while ((await LogsClient.TemplatesAsync(server.Client, "rsprobe", Ct)).Length == 0)
            {
                Assert.False(process.HasExited, $"rsyslogd exited {(process.HasExited ? process.ExitCode : 0)}:\n{output}");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"no probe came through rsyslogd:\n{output}");
                await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{inPort}", "--udp", "--rfc3164", "-t", "rsprobe", "probe");
                await Task.Delay(200, Ct);
            }

            for (var i = 0; i < 3; i++)
            {
                await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{inPort}", "--udp", "--rfc3164",
                    "-t", "relayed", $"job {100 + i} finished in {i + 2}ms");
            }
            var template = Assert.Single(await LogsClient.WaitForLinesAsync(server.Client, "relayed", 3, Ct));
            Assert.Equal("job <*> finished in <*>", template.GetProperty("template").GetString());
            var id = template.GetProperty("id").GetString()!;
            var line = (await VigilApi.GetDataAsync(server.Client, $"api/v1/logs/templates/{Uri.EscapeDataString(id)}/lines?limit=1", Ct))[0];
            Assert.StartsWith("<13>1 ", line.GetProperty("line").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
