using System.Text;
using System.Text.Json;
using Vigil.Logs.Formats;

namespace Vigil.Cli.Logs;

/// <summary>
/// Turns a file's lines into the JSON objects <c>POST /api/v1/logs</c> takes: <c>msg</c> (the message), <c>level</c>
/// (read locally, so syslog priorities and header levels reach the error/warning share) and the header's other fields.
/// With a format, a line whose header does not parse continues the record before it (a stack frame).
/// </summary>
internal sealed class LogRecordEncoder(LogFormat? format)
{
    private static readonly string[] LevelNames = ["", "debug", "info", "warning", "error"];

    /// <summary>Encodes one line; false when it is a continuation line (or blank) and not a record of its own.</summary>
    public bool TryEncode(string line, out string json, out ParsedLine parsed)
    {
        json = "";
        parsed = null!;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }
        if (format is not null)
        {
            if (!format.TryParse(line, out var header))
            {
                return false;
            }
            parsed = header;
        }
        else
        {
            parsed = BuiltInFormats.Parse(line);
            if (parsed.Format == LineFormat.Json && LogSeverities.Of(parsed) is not LogSeverity.Unknown)
            {
                // Already what the receiver reads, level and all: send it as it is.
                json = line.Trim();
                return true;
            }
        }
        json = Encode(parsed.Content, parsed);
        return true;
    }

    /// <summary>The record <paramref name="parsed"/> with <paramref name="continuation"/> appended to its message.</summary>
    public static string WithContinuation(ParsedLine parsed, string continuation) => Encode(parsed.Content + "\n" + continuation, parsed);

    private static string Encode(string message, ParsedLine parsed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("msg", message);
            var severity = LogSeverities.Of(parsed);
            if (severity != LogSeverity.Unknown)
            {
                writer.WriteString("level", LevelNames[(int)severity]);
            }
            foreach (var (key, value) in parsed.Fields)
            {
                if (!key.Equals("msg", StringComparison.OrdinalIgnoreCase) && !key.Equals("level", StringComparison.OrdinalIgnoreCase))
                {
                    writer.WriteString(key, value);
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
