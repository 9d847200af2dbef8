using System.Net.Sockets;
using System.Text;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>The syslog listener driven by the real util-linux <c>logger</c>, and by raw sockets for what no sender should send.</summary>
public sealed class SyslogReceiverTests(LogsServerFixture server) : IClassFixture<LogsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logger_Rfc5424OverUdp_LinesMinedIntoOneTemplate()
    {
        foreach (var uid in new[] { 1001, 1002, 1005 })
        {
            await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{server.SyslogPort}", "--udp", "--rfc5424",
                "-t", "udpapp", $"session opened for uid {uid} from 10.0.0.{uid % 1000}");
        }

        var template = Assert.Single(await LogsClient.WaitForLinesAsync(server.Client, "udpapp", 3, Ct));
        Assert.Equal("session opened for uid <*> from <*>", template.GetProperty("template").GetString());
        var id = template.GetProperty("id").GetString()!;
        Assert.StartsWith("udpapp:T", id, StringComparison.Ordinal);
        var lines = (await VigilApi.GetDataAsync(server.Client, $"api/v1/logs/templates/{Uri.EscapeDataString(id)}/lines", Ct)).EnumerateArray().ToArray();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("<13>1 ", lines[0].GetProperty("line").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("session opened for uid 1005 from 10.0.0.5", lines[0].GetProperty("line").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logger_Rfc3164OverTcp_NewlineFraming_LinesArrive()
    {
        for (var i = 0; i < 4; i++)
        {
            await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{server.SyslogPort}", "--tcp", "--rfc3164",
                "-t", "tcpbsd", $"disk /dev/sd{(char)('a' + i)} at {80 + i}% capacity");
        }

        var template = Assert.Single(await LogsClient.WaitForLinesAsync(server.Client, "tcpbsd", 4, Ct));
        Assert.Contains("capacity", template.GetProperty("template").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logger_Rfc5424OverTcp_OctetCounting_MultiLineMessageKeptWhole()
    {
        await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{server.SyslogPort}", "--tcp", "--octet-count", "--rfc5424",
            "-t", "octets", "request 42 failed");
        await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{server.SyslogPort}", "--tcp", "--octet-count", "--rfc5424",
            "-t", "octets", "request 43 failed");

        var template = Assert.Single(await LogsClient.WaitForLinesAsync(server.Client, "octets", 2, Ct));
        Assert.Equal("request <*> failed", template.GetProperty("template").GetString());
    }

    [Fact]
    public async Task Tcp_JunkBetweenGoodFrames_JunkCountedAndConnectionSurvives()
    {
        var before = new Dictionary<string, double>();
        foreach (var reason in new[] { "binary", "invalid_utf8", "oversized", "malformed", "malformed_frame" })
        {
            before[reason] = await LogsClient.RejectedAsync(server.Client, "syslog_tcp", reason, Ct);
        }

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", server.SyslogPort, Ct);
            var stream = tcp.GetStream();
            var good = "<14>1 2026-11-29T20:00:00Z host junkapp - - - worker 7 started\n"u8.ToArray();
            await stream.WriteAsync(good, Ct);
            await stream.WriteAsync(new byte[] { (byte)'<', (byte)'1', (byte)'3', (byte)'>', 0x01, 0x02, 0x03, 0x00, 0x7F, (byte)'\n' }, Ct); // binary
            await stream.WriteAsync(Encoding.ASCII.GetBytes("<13>Nov 29 20:00:00 host junkapp: bad ").Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray(), Ct); // invalid UTF-8
            await stream.WriteAsync(Encoding.ASCII.GetBytes("<13>Nov 29 20:00:00 host junkapp: " + new string('x', 5000) + "\n"), Ct); // oversized
            await stream.WriteAsync("this line has no priority\n"u8.ToArray(), Ct); // malformed
            await stream.WriteAsync("99999999999x junk\n"u8.ToArray(), Ct); // neither framing
            await stream.WriteAsync("<14>1 2026-11-29T20:00:01Z host junkapp - - - worker 8 started\n"u8.ToArray(), Ct);
            var framed = "<14>1 2026-11-29T20:00:02Z host junkapp - - - worker 9 started"u8.ToArray();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{framed.Length} ").Concat(framed).ToArray(), Ct);
        }

        var template = Assert.Single(await LogsClient.WaitForLinesAsync(server.Client, "junkapp", 3, Ct));
        Assert.Equal("worker <*> started", template.GetProperty("template").GetString());
        foreach (var (reason, count) in before)
        {
            await LogsClient.WaitForRejectedAsync(server.Client, "syslog_tcp", reason, count + 1, Ct);
        }
    }

    [Fact]
    public async Task Udp_JunkDatagrams_CountedAndListenerKeepsReceiving()
    {
        var binaryBefore = await LogsClient.RejectedAsync(server.Client, "syslog_udp", "binary", Ct);
        var utf8Before = await LogsClient.RejectedAsync(server.Client, "syslog_udp", "invalid_utf8", Ct);
        using (var udp = new UdpClient())
        {
            udp.Connect("127.0.0.1", server.SyslogPort);
            var junk = new byte[512];
            new Random(7).NextBytes(junk);
            junk[0] = 0x00;
            await udp.SendAsync(junk, Ct);
            await udp.SendAsync(new byte[] { (byte)'<', (byte)'1', (byte)'3', (byte)'>', 0xFF, 0xFE, (byte)'a' }, Ct);
        }
        await LogsClient.RunLoggerAsync(Ct, "--server", "127.0.0.1", "--port", $"{server.SyslogPort}", "--udp", "--rfc3164", "-t", "afterjunk", "still here");

        await LogsClient.WaitForLinesAsync(server.Client, "afterjunk", 1, Ct);
        await LogsClient.WaitForRejectedAsync(server.Client, "syslog_udp", "binary", binaryBefore + 1, Ct);
        await LogsClient.WaitForRejectedAsync(server.Client, "syslog_udp", "invalid_utf8", utf8Before + 1, Ct);
    }
}
