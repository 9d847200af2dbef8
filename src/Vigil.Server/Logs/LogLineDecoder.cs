using System.Text;
using System.Text.Unicode;
using Vigil.Engine.Logs;
using Vigil.Logs.Formats;

namespace Vigil.Server.Logs;

/// <summary>Checks and parses one received line: size, UTF-8, control bytes, then the format (syslog or JSON).</summary>
internal static class LogLineDecoder
{
    /// <summary>The source of lines that name none.</summary>
    public const string UnknownSource = "unknown";

    private static readonly string[] JsonSourceKeys = ["service", "service.name", "app", "application", "source", "logger"];

    /// <summary>Decodes a syslog message (RFC 5424 or 3164, with its <c>&lt;PRI&gt;</c>).</summary>
    public static bool TryDecodeSyslog(ReadOnlySpan<byte> frame, int maxBytes, long timeMs, out SourcedLogLine line, out string reason)
    {
        line = default;
        if (!TryText(frame, maxBytes, out var text, out reason))
        {
            return false;
        }
        if (!BuiltInFormats.TryParseSyslog(text, out var parsed))
        {
            reason = "malformed";
            return false;
        }
        var source = First(parsed.GetField("App"), parsed.GetField("Host")) ?? UnknownSource;
        line = new SourcedLogLine(source, new LogLine(timeMs, parsed.Content, text, LogSeverities.Of(parsed)));
        return true;
    }

    /// <summary>Decodes a JSON object line with a message field; the source is its service/app field, else <paramref name="defaultSource"/>.</summary>
    public static bool TryDecodeJson(ReadOnlySpan<byte> bytes, int maxBytes, long timeMs, string defaultSource, out SourcedLogLine line, out string reason)
    {
        line = default;
        if (!TryText(bytes, maxBytes, out var text, out reason))
        {
            return false;
        }
        if (!BuiltInFormats.TryParseJson(text, out var parsed))
        {
            reason = "malformed";
            return false;
        }
        string? source = null;
        foreach (var key in JsonSourceKeys)
        {
            source ??= First(parsed.GetField(key));
        }
        line = new SourcedLogLine(source ?? defaultSource, new LogLine(timeMs, parsed.Content, text, LogSeverities.Of(parsed)));
        return true;
    }

    /// <summary>Size, control-byte (binary junk) and UTF-8 checks, in that order; trailing CR/LF/NUL are trimmed.</summary>
    private static bool TryText(ReadOnlySpan<byte> bytes, int maxBytes, out string text, out string reason)
    {
        text = "";
        bytes = bytes.TrimEnd("\r\n\0"u8);
        if (bytes.Length > maxBytes)
        {
            reason = "oversized";
            return false;
        }
        if (bytes.IsEmpty)
        {
            reason = "empty";
            return false;
        }
        foreach (var b in bytes)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                reason = "binary";
                return false;
            }
        }
        if (!Utf8.IsValid(bytes))
        {
            reason = "invalid_utf8";
            return false;
        }
        text = Encoding.UTF8.GetString(bytes);
        reason = "";
        return true;
    }

    private static string? First(params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }
        return null;
    }
}
