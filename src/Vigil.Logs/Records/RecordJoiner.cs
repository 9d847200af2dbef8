using System.Text;
using Vigil.Logs.Formats;

namespace Vigil.Logs.Records;

/// <summary>
/// Groups lines into records: a line that starts a record (its header parses) opens one; the lines after it that do not
/// (stack frames, "Caused by:", wrapped text) are joined to it.
/// </summary>
public sealed class RecordJoiner
{
    private readonly Func<string, ParsedLine?> startRecord;

    /// <summary>Creates a joiner.</summary>
    /// <param name="startRecord">Parses a line that starts a record, or returns null for a continuation line.</param>
    public RecordJoiner(Func<string, ParsedLine?> startRecord)
    {
        ArgumentNullException.ThrowIfNull(startRecord);
        this.startRecord = startRecord;
    }

    /// <summary>Lines seen before any record started; they are dropped.</summary>
    public long OrphanLines { get; private set; }

    /// <summary>A joiner for files whose lines start with the header <paramref name="format"/>.</summary>
    /// <param name="format">The header format.</param>
    /// <returns>The joiner.</returns>
    public static RecordJoiner ForFormat(LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return new RecordJoiner(line => format.TryParse(line, out var parsed) ? parsed : null);
    }

    /// <summary>A joiner that recognizes syslog, JSON and logfmt lines, and treats indented lines and stack-trace lines as continuations.</summary>
    /// <returns>The joiner.</returns>
    public static RecordJoiner Automatic() => new(line => IsContinuation(line) ? null : BuiltInFormats.Parse(line));

    /// <summary>Whether a line without a header of its own continues the previous record (stack frames, causes, indented text).</summary>
    /// <param name="line">A line.</param>
    /// <returns>Whether it is a continuation.</returns>
    public static bool IsContinuation(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length == 0)
        {
            return false;
        }
        if (line[0] is ' ' or '\t')
        {
            return true;
        }
        return line.StartsWith("Caused by:", StringComparison.Ordinal)
            || line.StartsWith("at ", StringComparison.Ordinal)
            || (line.StartsWith("...", StringComparison.Ordinal) && line.EndsWith(" more", StringComparison.Ordinal));
    }

    /// <summary>Joins lines into records, in order.</summary>
    /// <param name="lines">The lines of one source, without line terminators.</param>
    /// <returns>The records.</returns>
    public IEnumerable<LogEntry> Join(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        long number = 0;
        long firstLine = 0;
        ParsedLine? header = null;
        StringBuilder? continuation = null;
        foreach (var line in lines)
        {
            number++;
            var parsed = startRecord(line);
            if (parsed is null)
            {
                if (header is null)
                {
                    OrphanLines++;
                    continue;
                }
                continuation = continuation is null ? new StringBuilder(line) : continuation.Append('\n').Append(line);
                continue;
            }

            if (header is not null)
            {
                yield return new LogEntry(firstLine, header, continuation?.ToString());
            }
            header = parsed;
            firstLine = number;
            continuation = null;
        }

        if (header is not null)
        {
            yield return new LogEntry(firstLine, header, continuation?.ToString());
        }
    }
}
