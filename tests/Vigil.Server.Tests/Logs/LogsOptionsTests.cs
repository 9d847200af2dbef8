using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary>The <c>Logs:</c> section of the configuration file: bound, defaulted, and named when wrong.</summary>
public sealed class LogsOptionsTests
{
    [Fact]
    public void Load_LogsSection_Bound()
    {
        using var dir = new TempDirectory("vigil-logs-config");
        var file = dir.Combine("vigil.yaml");
        File.WriteAllText(file, "Logs:\n  SyslogUdpPort: 0\n  SyslogTcpPort: 6514\n  Retention: 2.00:00:00\n  WarmupLines: 50\n");

        var options = ServerConfiguration.Load(file, new Dictionary<string, string?>());

        Assert.Equal(0, options.Logs.SyslogUdpPort);
        Assert.Equal(6514, options.Logs.SyslogTcpPort);
        Assert.Equal(TimeSpan.FromDays(2), options.Logs.Retention);
        Assert.Equal(50, options.Logs.WarmupLines);
        Assert.Equal("127.0.0.1", options.Logs.SyslogAddress);
    }

    [Theory]
    [InlineData("Logs:\n  SyslogUdpPort: 70000\n", "SyslogUdpPort")]
    [InlineData("Logs:\n  SyslogAddress: localhost.example\n", "SyslogAddress")]
    [InlineData("Logs:\n  MaxLineBytes: 10\n", "MaxLineBytes")]
    public void Load_BadLogsSetting_ThrowsNamingIt(string yaml, string named)
    {
        using var dir = new TempDirectory("vigil-logs-config");
        var file = dir.Combine("bad.yaml");
        File.WriteAllText(file, yaml);

        var e = Assert.Throws<OptionsValidationException>(() => ServerConfiguration.Load(file, new Dictionary<string, string?>()));

        Assert.Contains("Logs", e.Message, StringComparison.Ordinal);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
