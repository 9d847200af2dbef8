using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Logs.Formats;

/// <summary>
/// A line header in logparser's format syntax, compiled once: <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>.
/// <c>&lt;Name&gt;</c> is a field, <c>&lt;Content&gt;</c> the message; the text between fields is a regular-expression fragment
/// in which a run of spaces matches any run of whitespace, as in logparser.
/// </summary>
/// <remarks>
/// A format whose separators are plain text (most are) is matched on spans, field after field, by the first occurrence of the
/// next separator, which is what logparser's lazy <c>(.*?)</c> groups do. A format with real regular-expression parts
/// (<c>(\[&lt;PID&gt;\])?</c>) is matched with the equivalent compiled <see cref="Regex"/>.
/// </remarks>
public sealed partial class LogFormat
{
    /// <summary>The name of the field that holds the message.</summary>
    public const string ContentField = "Content";

    private readonly string[] fieldNames;
    private readonly Separator[]? separators; // separators[k] precedes field k; one more for the end (empty)
    private readonly Regex? regex;

    private LogFormat(string text, string[] fieldNames, Separator[]? separators, Regex? regex)
    {
        Text = text;
        this.fieldNames = fieldNames;
        this.separators = separators;
        this.regex = regex;
    }

    /// <summary>The format as written.</summary>
    public string Text { get; }

    /// <summary>The field names in order.</summary>
    public IReadOnlyList<string> FieldNames => fieldNames;

    /// <summary>Compiles a format.</summary>
    /// <param name="format">For example <c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>.</param>
    /// <returns>The compiled format.</returns>
    /// <exception cref="FormatException">The format has no <c>&lt;Content&gt;</c> field, a field twice, or an invalid regular-expression part.</exception>
    public static LogFormat Parse(string format) => Parse(format, allowSpans: true);

    /// <summary>Compiles a format; with <paramref name="allowSpans"/> false, always as a regular expression (tests compare both).</summary>
    internal static LogFormat Parse(string format, bool allowSpans)
    {
        ArgumentNullException.ThrowIfNull(format);
        var names = new List<string>();
        var literals = new List<string>();
        var matches = FieldPattern().Matches(format);
        var last = 0;
        foreach (Match match in matches)
        {
            literals.Add(format[last..match.Index]);
            names.Add(match.Groups[1].Value);
            last = match.Index + match.Length;
        }
        literals.Add(format[last..]);

        if (!names.Contains(ContentField))
        {
            throw new FormatException($"The log format '{format}' has no <{ContentField}> field.");
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new FormatException($"The log format '{format}' names a field twice.");
        }

        var plain = allowSpans && literals.Count > 1 && literals[^1].Length == 0 && literals.TrueForAll(IsPlain);
        if (plain)
        {
            var separators = literals.ConvertAll(Separator.Create).ToArray();
            if (separators[1..^1].All(s => !s.IsEmpty))
            {
                return new LogFormat(format, [.. names], separators, null);
            }
        }

        var pattern = new StringBuilder("^");
        for (var k = 0; k < names.Count; k++)
        {
            pattern.Append(WhitespaceRun().Replace(literals[k], "\\s+"));
            pattern.Append("(?<").Append(names[k]).Append(">.*?)");
        }
        pattern.Append(WhitespaceRun().Replace(literals[^1], "\\s+")).Append('$');
        try
        {
            // A timeout bounds a pathological line (the lazy groups backtrack); such a line counts as not matching.
            var regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(250));
            return new LogFormat(format, [.. names], null, regex);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The log format '{format}' is not a valid pattern: {e.Message}", e);
        }
    }

    /// <summary>Splits <paramref name="line"/> into fields; leading and trailing whitespace is ignored, as in logparser.</summary>
    /// <param name="line">One line of a log file.</param>
    /// <param name="parsed">The fields and message when the header matches.</param>
    /// <returns>Whether the header matches.</returns>
    public bool TryParse(string line, [NotNullWhen(true)] out ParsedLine? parsed)
    {
        ArgumentNullException.ThrowIfNull(line);
        parsed = null;
        var span = line.AsSpan().Trim();
        var fields = new KeyValuePair<string, string>[fieldNames.Length];
        if (separators is not null)
        {
            if (!TryMatchPlain(span, fields))
            {
                return false;
            }
        }
        else
        {
            Match match;
            try
            {
                match = regex!.Match(span.ToString());
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
            if (!match.Success)
            {
                return false;
            }
            for (var k = 0; k < fieldNames.Length; k++)
            {
                fields[k] = new(fieldNames[k], match.Groups[fieldNames[k]].Value);
            }
        }

        var content = "";
        foreach (var (name, value) in fields)
        {
            if (name == ContentField)
            {
                content = value;
            }
        }
        parsed = new ParsedLine(LineFormat.Custom, content, fields);
        return true;
    }

    private bool TryMatchPlain(ReadOnlySpan<char> line, KeyValuePair<string, string>[] fields)
    {
        var seps = separators!;
        if (!seps[0].TryMatchAt(line, out var position))
        {
            return false;
        }

        for (var k = 0; k < fieldNames.Length; k++)
        {
            if (k == fieldNames.Length - 1)
            {
                fields[k] = new(fieldNames[k], line[position..].ToString());
                return true;
            }

            var next = seps[k + 1];
            var found = false;
            for (var p = position; p < line.Length; p++)
            {
                if (next.TryMatchAt(line[p..], out var length))
                {
                    fields[k] = new(fieldNames[k], line[position..p].ToString());
                    position = p + length;
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsPlain(string literal)
    {
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '\\')
            {
                i++;
                if (i >= literal.Length || char.IsLetterOrDigit(literal[i]))
                {
                    return false; // \s, \d, \b… are classes, not characters
                }
            }
            else if ("()[]{}?*+|^$.".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(" +")]
    private static partial Regex WhitespaceRun();

    /// <summary>Plain separator text where each run of spaces stands for one or more whitespace characters.</summary>
    private sealed class Separator
    {
        private readonly string?[] chunks; // text, or null for a whitespace run

        private Separator(string?[] chunks) => this.chunks = chunks;

        public bool IsEmpty => chunks.Length == 0;

        public static Separator Create(string literal)
        {
            var chunks = new List<string?>();
            var text = new StringBuilder();
            for (var i = 0; i < literal.Length; i++)
            {
                var c = literal[i];
                if (c == ' ')
                {
                    if (text.Length > 0)
                    {
                        chunks.Add(text.ToString());
                        text.Clear();
                    }
                    if (chunks.Count == 0 || chunks[^1] is not null)
                    {
                        chunks.Add(null);
                    }
                    continue;
                }
                if (c == '\\' && i + 1 < literal.Length)
                {
                    c = literal[++i];
                }
                text.Append(c);
            }
            if (text.Length > 0)
            {
                chunks.Add(text.ToString());
            }
            return new Separator([.. chunks]);
        }

        /// <summary>Matches at the start of <paramref name="text"/>; whitespace runs are greedy.</summary>
        public bool TryMatchAt(ReadOnlySpan<char> text, out int length)
        {
            var p = 0;
            foreach (var chunk in chunks)
            {
                if (chunk is null)
                {
                    var start = p;
                    while (p < text.Length && char.IsWhiteSpace(text[p]))
                    {
                        p++;
                    }
                    if (p == start)
                    {
                        length = 0;
                        return false;
                    }
                }
                else if (text[p..].StartsWith(chunk, StringComparison.Ordinal))
                {
                    p += chunk.Length;
                }
                else
                {
                    length = 0;
                    return false;
                }
            }
            length = p;
            return true;
        }
    }
}
