namespace Vigil.Logs.Formats;

/// <summary>How serious a log line says it is, as far as log signals care: the error/warning share counts the top two.</summary>
public enum LogSeverity
{
    /// <summary>The line names no level (or one not recognized).</summary>
    Unknown = 0,

    /// <summary>Trace or debug.</summary>
    Debug,

    /// <summary>Info or notice.</summary>
    Info,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>Error and worse (critical, alert, emergency, fatal, panic).</summary>
    Error,
}

/// <summary>Reads a <see cref="LogSeverity"/> from the level names loggers write and from syslog priorities.</summary>
public static class LogSeverities
{
    /// <summary>The header or JSON fields that hold a level, in the order they are looked at.</summary>
    private static readonly string[] LevelFields = ["Level", "level", "lvl", "severity", "loglevel", "log.level", "SeverityText"];

    /// <summary>Whether a line of this severity counts toward the error/warning share.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>True for <see cref="LogSeverity.Warning"/> and <see cref="LogSeverity.Error"/>.</returns>
    public static bool IsErrorOrWarning(this LogSeverity severity) => severity >= LogSeverity.Warning;

    /// <summary>
    /// Reads a level name, case-insensitively: <c>ERROR</c>, <c>err</c>, <c>E</c>, <c>FATAL</c>, <c>crit</c>, <c>WARN</c>,
    /// <c>warning</c>, <c>W</c>, <c>info</c>, <c>I</c>, <c>notice</c>, <c>debug</c>, <c>trace</c>, … or a number 0–7 (syslog).
    /// </summary>
    /// <param name="text">The level as written.</param>
    /// <returns>The severity, <see cref="LogSeverity.Unknown"/> when the text is no level.</returns>
    public static LogSeverity Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim().Trim("[]<>:");
        if (text.Length == 1 && text[0] is >= '0' and <= '7')
        {
            return FromSyslog(text[0] - '0');
        }
        Span<char> lower = stackalloc char[16];
        if (text.IsEmpty || text.Length > lower.Length)
        {
            return LogSeverity.Unknown;
        }
        text.ToLowerInvariant(lower);
        return lower[..text.Length] switch
        {
            "error" or "err" or "e" or "fatal" or "f" or "critical" or "crit" or "c" or "alert" or "emerg" or "emergency" or "panic" or "severe" or "failure" => LogSeverity.Error,
            "warn" or "warning" or "w" => LogSeverity.Warning,
            "info" or "information" or "informational" or "i" or "notice" or "n" or "note" => LogSeverity.Info,
            "debug" or "d" or "trace" or "t" or "verbose" or "v" or "fine" or "finer" or "finest" or "all" => LogSeverity.Debug,
            _ => LogSeverity.Unknown,
        };
    }

    /// <summary>The severity of a syslog severity number (RFC 5424 §6.2.1: 0 emergency … 7 debug).</summary>
    /// <param name="severity">0–7.</param>
    /// <returns>Error for 0–3, warning for 4, info for 5–6, debug for 7.</returns>
    public static LogSeverity FromSyslog(int severity) => severity switch
    {
        >= 0 and <= 3 => LogSeverity.Error,
        4 => LogSeverity.Warning,
        5 or 6 => LogSeverity.Info,
        7 => LogSeverity.Debug,
        _ => LogSeverity.Unknown,
    };

    /// <summary>
    /// The severity of a parsed line: the syslog <c>Priority</c> (its low three bits) for syslog, else the first level
    /// field (<c>Level</c>, <c>level</c>, <c>lvl</c>, <c>severity</c>, …) that names a level.
    /// </summary>
    /// <param name="line">The parsed line.</param>
    /// <returns>The severity, <see cref="LogSeverity.Unknown"/> when the line names none.</returns>
    public static LogSeverity Of(ParsedLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Format is LineFormat.Syslog5424 or LineFormat.Syslog3164
            && int.TryParse(line.GetField("Priority"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var priority))
        {
            return FromSyslog(priority & 7);
        }
        foreach (var name in LevelFields)
        {
            if (line.GetField(name) is { } value && Parse(value) is var severity and not LogSeverity.Unknown)
            {
                return severity;
            }
        }
        return LogSeverity.Unknown;
    }
}
