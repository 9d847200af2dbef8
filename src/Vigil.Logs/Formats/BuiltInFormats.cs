using System.Text;
using System.Text.Json;

namespace Vigil.Logs.Formats;

/// <summary>
/// Recognizes the common self-describing line formats without configuration: syslog (RFC 5424 and RFC 3164, with or without
/// the <c>&lt;PRI&gt;</c> part), JSON objects and logfmt. Anything else is a <see cref="LineFormat.Plain"/> message.
/// </summary>
public static class BuiltInFormats
{
    private static readonly string[] MessageKeys = ["msg", "message", "@message", "@m", "log", "body", "MESSAGE", "Message"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses a line in the first built-in format that fits it.</summary>
    /// <param name="line">One line.</param>
    /// <returns>The fields and message; the whole line as the message when no format fits.</returns>
    public static ParsedLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.AsSpan().Trim();
        if (trimmed.Length > 0 && trimmed[0] == '<' && TryParseSyslog(trimmed, out var syslog))
        {
            return syslog;
        }
        if (trimmed.Length > 1 && trimmed[0] == '{' && TryParseJson(trimmed.ToString(), out var json))
        {
            return json;
        }
        if (TryParseBsdSyslog(trimmed, [], out var bsd))
        {
            return bsd;
        }
        if (trimmed.Contains('=') && TryParseLogfmt(trimmed, out var logfmt))
        {
            return logfmt;
        }
        return new ParsedLine(LineFormat.Plain, trimmed.ToString(), []);
    }

    /// <summary>Parses <c>&lt;PRI&gt;</c> syslog, RFC 5424 when a version follows the priority, RFC 3164 otherwise.</summary>
    /// <param name="line">The line.</param>
    /// <param name="parsed">The fields (<c>Priority</c>, <c>Timestamp</c>, <c>Host</c>, <c>App</c>, <c>ProcId</c>, <c>MsgId</c>, <c>StructuredData</c>) and message.</param>
    /// <returns>Whether the line is syslog.</returns>
    public static bool TryParseSyslog(ReadOnlySpan<char> line, out ParsedLine parsed)
    {
        parsed = null!;
        var close = line.IndexOf('>');
        if (line.Length < 3 || line[0] != '<' || close < 2 || close > 4
            || !int.TryParse(line[1..close], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pri) || pri > 191)
        {
            return false;
        }

        var priority = new KeyValuePair<string, string>("Priority", pri.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rest = line[(close + 1)..];
        if (rest.Length > 1 && rest[0] is >= '1' and <= '9' && rest[1] == ' ')
        {
            return TryParse5424(rest[2..], priority, out parsed);
        }
        if (TryParseBsdSyslog(rest, [priority], out parsed))
        {
            return true;
        }
        parsed = new ParsedLine(LineFormat.Syslog3164, rest.Trim().ToString(), [priority]);
        return true;
    }

    /// <summary>Parses a JSON object; the message is its <c>msg</c>/<c>message</c>/<c>log</c>… property, the other scalar properties are fields.</summary>
    /// <param name="line">The line.</param>
    /// <param name="parsed">The fields and message.</param>
    /// <returns>Whether the line is a JSON object with a message.</returns>
    public static bool TryParseJson(string line, out ParsedLine parsed)
    {
        ArgumentNullException.ThrowIfNull(line);
        parsed = null!;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            string? message = null;
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.Object or JsonValueKind.Array => property.Value.GetRawText(),
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                };
                if (message is null && Array.IndexOf(MessageKeys, property.Name) >= 0)
                {
                    message = value;
                }
                else
                {
                    fields.Add(new(property.Name, value));
                }
            }
            if (message is null)
            {
                return false;
            }
            parsed = new ParsedLine(LineFormat.Json, message, fields);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Parses logfmt (<c>level=info msg="user logged in" user=42</c>); the message is the <c>msg</c> or <c>message</c> value.</summary>
    /// <param name="line">The line.</param>
    /// <param name="parsed">The fields and message.</param>
    /// <returns>Whether the line is logfmt with a message key and at least one other pair.</returns>
    public static bool TryParseLogfmt(ReadOnlySpan<char> line, out ParsedLine parsed)
    {
        parsed = null!;
        var fields = new List<KeyValuePair<string, string>>();
        string? message = null;
        var i = 0;
        var value = new StringBuilder();
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }
            if (i >= line.Length)
            {
                break;
            }
            var keyStart = i;
            while (i < line.Length && line[i] is not ('=' or ' ' or '"'))
            {
                i++;
            }
            if (i == keyStart || i >= line.Length || line[i] != '=')
            {
                return false;
            }
            var key = line[keyStart..i].ToString();
            i++;
            value.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                    }
                    value.Append(line[i++]);
                }
                if (i >= line.Length)
                {
                    return false; // unterminated quote
                }
                i++;
            }
            else
            {
                while (i < line.Length && line[i] != ' ')
                {
                    value.Append(line[i++]);
                }
            }
            if (message is null && key is "msg" or "message")
            {
                message = value.ToString();
            }
            else
            {
                fields.Add(new(key, value.ToString()));
            }
        }
        if (message is null || fields.Count == 0)
        {
            return false;
        }
        parsed = new ParsedLine(LineFormat.Logfmt, message, fields);
        return true;
    }

    private static bool TryParse5424(ReadOnlySpan<char> rest, KeyValuePair<string, string> priority, out ParsedLine parsed)
    {
        parsed = null!;
        var fields = new List<KeyValuePair<string, string>> { priority };
        string[] names = ["Timestamp", "Host", "App", "ProcId", "MsgId"];
        foreach (var name in names)
        {
            var space = rest.IndexOf(' ');
            if (space <= 0)
            {
                return false;
            }
            var value = rest[..space];
            fields.Add(new(name, value is "-" ? "" : value.ToString()));
            rest = rest[(space + 1)..];
        }

        // Structured data: "-" or one or more [id key="value"…] elements; ']' and '"' may be escaped inside values.
        if (rest.Length > 0 && rest[0] == '-')
        {
            rest = rest[1..];
        }
        else if (rest.Length > 0 && rest[0] == '[')
        {
            var i = 0;
            var inQuotes = false;
            while (i < rest.Length)
            {
                var c = rest[i];
                if (c == '\\' && inQuotes)
                {
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (c == ']' && !inQuotes && (i + 1 >= rest.Length || rest[i + 1] != '['))
                {
                    i++;
                    break;
                }
                i++;
            }
            if (i > rest.Length)
            {
                return false;
            }
            fields.Add(new("StructuredData", rest[..i].ToString()));
            rest = rest[i..];
        }
        else
        {
            return false;
        }

        var message = rest.TrimStart(' ');
        if (message.Length > 0 && message[0] == '\uFEFF')
        {
            message = message[1..];
        }
        parsed = new ParsedLine(LineFormat.Syslog5424, message.ToString(), fields);
        return true;
    }

    /// <summary><c>Mmm dd hh:mm:ss host tag[pid]: message</c>.</summary>
    private static bool TryParseBsdSyslog(ReadOnlySpan<char> rest, KeyValuePair<string, string>[] prefix, out ParsedLine parsed)
    {
        parsed = null!;
        if (rest.Length < 16 || rest[3] != ' ' || rest[6] != ' ' || rest[9] != ':' || rest[12] != ':' || rest[15] != ' '
            || Array.IndexOf(Months, rest[..3].ToString()) < 0)
        {
            return false;
        }
        var fields = new List<KeyValuePair<string, string>>(prefix) { new("Timestamp", rest[..15].ToString()) };
        rest = rest[16..].TrimStart(' ');
        var space = rest.IndexOf(' ');
        if (space <= 0)
        {
            parsed = new ParsedLine(LineFormat.Syslog3164, rest.ToString(), fields);
            return true;
        }
        fields.Add(new("Host", rest[..space].ToString()));
        rest = rest[(space + 1)..];

        // TAG is up to 32 alphanumerics, then optional [pid], then ':'.
        var colon = rest.IndexOf(": ");
        if (colon > 0 && colon <= 48 && !rest[..colon].Contains(' '))
        {
            var tag = rest[..colon];
            var bracket = tag.IndexOf('[');
            if (bracket > 0 && tag[^1] == ']')
            {
                fields.Add(new("App", tag[..bracket].ToString()));
                fields.Add(new("ProcId", tag[(bracket + 1)..^1].ToString()));
            }
            else
            {
                fields.Add(new("App", tag.ToString()));
            }
            rest = rest[(colon + 2)..];
        }
        parsed = new ParsedLine(LineFormat.Syslog3164, rest.ToString(), fields);
        return true;
    }
}
