using Vigil.Logs.Formats;

namespace Vigil.Logs.Records;

/// <summary>One log record: its first line, parsed, and the continuation lines joined to it (a stack trace, a wrapped message).</summary>
/// <param name="LineNumber">The 1-based line number of the first line in its input.</param>
/// <param name="Header">The first line, split into fields and message; templates are mined from its <see cref="ParsedLine.Content"/>.</param>
/// <param name="Continuation">The following lines that belong to the record, joined with '\n', or null.</param>
public sealed record LogEntry(long LineNumber, ParsedLine Header, string? Continuation);
