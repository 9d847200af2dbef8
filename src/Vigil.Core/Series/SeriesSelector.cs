using System.Text;

namespace Vigil.Core.Series;

/// <summary>
/// Parses a PromQL series selector: <c>http_requests_total{job=~"api.*",code!="200"}</c> or
/// <c>{__name__="up"}</c>. Errors name the position (0-based character offset) and what was expected.
/// </summary>
public static class SeriesSelector
{
    /// <summary>Parses a selector; throws <see cref="FormatException"/> naming the position of the problem.</summary>
    public static IReadOnlyList<LabelMatcher> Parse(string text) =>
        TryParse(text, out var matchers, out var error) ? matchers : throw new FormatException(error);

    /// <summary>Parses a selector.</summary>
    /// <returns>False with a message naming the position when the text is not a valid selector.</returns>
    public static bool TryParse(string text, out IReadOnlyList<LabelMatcher> matchers, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<LabelMatcher>();
        matchers = result;
        var p = new Cursor(text);
        p.SkipSpace();
        if (p.Peek != '{')
        {
            var start = p.Position;
            var name = p.ReadName(metric: true);
            if (name.Length == 0)
            {
                error = p.Error("expected a metric name or '{'", start);
                return false;
            }
            result.Add(new LabelMatcher(Label.MetricName, LabelMatchType.Equal, name));
            p.SkipSpace();
        }
        if (p.Peek == '{')
        {
            p.Advance();
            p.SkipSpace();
            while (p.Peek != '}')
            {
                var at = p.Position;
                var name = p.ReadName(metric: false);
                if (name.Length == 0)
                {
                    error = p.Error("expected a label name", at);
                    return false;
                }
                p.SkipSpace();
                at = p.Position;
                LabelMatchType type;
                if (p.TryConsume("=~")) { type = LabelMatchType.Regex; }
                else if (p.TryConsume("!~")) { type = LabelMatchType.NotRegex; }
                else if (p.TryConsume("!=")) { type = LabelMatchType.NotEqual; }
                else if (p.TryConsume("=")) { type = LabelMatchType.Equal; }
                else
                {
                    error = p.Error("expected one of = != =~ !~", at);
                    return false;
                }
                p.SkipSpace();
                at = p.Position;
                if (!p.TryReadString(out var value, out var stringError))
                {
                    error = p.Error(stringError, at);
                    return false;
                }
                try
                {
                    result.Add(new LabelMatcher(name, type, value));
                }
                catch (ArgumentException e)
                {
                    error = p.Error($"invalid regular expression: {e.Message}", at);
                    return false;
                }
                p.SkipSpace();
                if (p.Peek == ',')
                {
                    p.Advance();
                    p.SkipSpace();
                }
                else if (p.Peek != '}')
                {
                    error = p.Error("expected ',' or '}'", p.Position);
                    return false;
                }
            }
            p.Advance();
            p.SkipSpace();
        }
        if (!p.AtEnd)
        {
            error = p.Error("unexpected text after the selector", p.Position);
            return false;
        }
        if (result.Count == 0)
        {
            error = "a selector needs at least one matcher";
            return false;
        }
        if (result.TrueForAll(m => m.MatchesEmpty))
        {
            error = "a selector needs at least one matcher that does not match the empty string";
            return false;
        }
        error = "";
        return true;
    }

    private struct Cursor(string text)
    {
        private int _pos;

        public readonly int Position => _pos;
        public readonly bool AtEnd => _pos >= text.Length;
        public readonly char Peek => _pos < text.Length ? text[_pos] : '\0';

        public void Advance() => _pos++;

        public void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        public bool TryConsume(string token)
        {
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) == 0)
            {
                _pos += token.Length;
                return true;
            }
            return false;
        }

        public string ReadName(bool metric)
        {
            var start = _pos;
            while (_pos < text.Length)
            {
                var c = text[_pos];
                var ok = char.IsAsciiLetter(c) || c == '_' || (metric && c == ':') || (_pos > start && char.IsAsciiDigit(c));
                if (!ok)
                {
                    break;
                }
                _pos++;
            }
            return text[start.._pos];
        }

        public bool TryReadString(out string value, out string error)
        {
            value = "";
            var quote = Peek;
            if (quote is not ('"' or '\'' or '`'))
            {
                error = "expected a quoted string";
                return false;
            }
            _pos++;
            var sb = new StringBuilder();
            while (_pos < text.Length)
            {
                var c = text[_pos++];
                if (c == quote)
                {
                    value = sb.ToString();
                    error = "";
                    return true;
                }
                if (c == '\\' && quote != '`' && _pos < text.Length)
                {
                    var e = text[_pos++];
                    // Known escapes as in Go strings; any other (e.g. regex "\.") keeps its backslash.
                    _ = e switch
                    {
                        'n' => sb.Append('\n'),
                        't' => sb.Append('\t'),
                        'r' => sb.Append('\r'),
                        '\\' or '"' or '\'' or '`' => sb.Append(e),
                        _ => sb.Append('\\').Append(e),
                    };
                    continue;
                }
                sb.Append(c);
            }
            error = "unterminated string";
            return false;
        }

        public readonly string Error(string what, int at) => $"{what} at position {at} of selector \"{text}\"";
    }
}
