using Vigil.Engine.Logs;

namespace Vigil.Server.Logs;

/// <summary>The log path: syslog listener, line limits, retention of raw lines, new-pattern warm-up.</summary>
public sealed class LogsOptions
{
    /// <summary>Address the syslog listener binds. Default <c>127.0.0.1</c> (loopback only).</summary>
    public string SyslogAddress { get; set; } = "127.0.0.1";

    /// <summary>Syslog over UDP (RFC 5424 or 3164, one message per datagram); 0 turns it off. Default 5514.</summary>
    public int SyslogUdpPort { get; set; } = 5514;

    /// <summary>Syslog over TCP (octet-counting or newline framing, RFC 6587); 0 turns it off. Default 5514.</summary>
    public int SyslogTcpPort { get; set; } = 5514;

    /// <summary>Longest line or frame accepted, in bytes; longer ones are counted as <c>oversized</c> and dropped. Default 64 KiB.</summary>
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>How long raw lines and per-minute counts are kept. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Lines a source sends before a new template raises a new-pattern signal. Default 1000.</summary>
    public int WarmupLines { get; set; } = 1000;

    /// <summary>Most new-pattern signals a source raises per minute (the rest are counted). Default 20.</summary>
    public int MaxNewPatternSignalsPerMinute { get; set; } = 20;

    /// <summary>Most templates kept per source. Default 10,000.</summary>
    public int MaxTemplatesPerSource { get; set; } = 10_000;

    /// <summary>The log shards' settings these options make (the rest at their defaults), validated.</summary>
    /// <param name="snapshotInterval">How often learned state is written (the engine's, series models and log rates alike).</param>
    public LogShardOptions ToShardOptions(TimeSpan snapshotInterval)
    {
        var shards = new LogShardOptions
        {
            WarmupLines = WarmupLines,
            MaxTemplatesPerSource = MaxTemplatesPerSource,
            MaxNewPatternSignalsPerMinute = MaxNewPatternSignalsPerMinute,
            SnapshotInterval = snapshotInterval,
        };
        shards.Validate();
        return shards;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming a bad setting.</summary>
    public void Validate()
    {
        if (!System.Net.IPAddress.TryParse(SyslogAddress, out _))
        {
            throw new ArgumentException($"SyslogAddress: \"{SyslogAddress}\" is not an IP address", nameof(SyslogAddress));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(SyslogUdpPort, nameof(SyslogUdpPort));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SyslogUdpPort, 65535, nameof(SyslogUdpPort));
        ArgumentOutOfRangeException.ThrowIfNegative(SyslogTcpPort, nameof(SyslogTcpPort));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SyslogTcpPort, 65535, nameof(SyslogTcpPort));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineBytes, 256, nameof(MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Retention, TimeSpan.FromMinutes(1), nameof(Retention));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupLines, nameof(WarmupLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTemplatesPerSource, 1, nameof(MaxTemplatesPerSource));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxNewPatternSignalsPerMinute, nameof(MaxNewPatternSignalsPerMinute));
    }
}
