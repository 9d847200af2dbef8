using System.Buffers;
using System.Runtime.CompilerServices;

namespace Vigil.Logs.Masking;

/// <summary>
/// Replaces the variable parts of a log message by <see cref="Wildcard"/>: numbers, identifiers that carry digits
/// (block ids, attempt ids, node names), hex, UUIDs, IPv4/IPv6 addresses with ports, host:port pairs, paths, URLs,
/// e-mail addresses, durations and sizes (<c>12ms</c>, <c>64MB</c>), timestamps and the values of <c>key=value</c> pairs.
/// </summary>
/// <remarks>
/// One pass over the characters with a lookup table, no regular expressions: a message is cut into whitespace tokens,
/// a token is either a variable as a whole (URL, path, e-mail, IPv6) or is cut at delimiters (<c>= : , ( ) [ ] …</c>)
/// into segments, each kept or replaced. Literal punctuation around a variable is kept, so
/// <c>PendingReds:0</c> becomes <c>PendingReds:&lt;*&gt;</c> and <c>/10.0.0.1:50010</c> becomes <c>&lt;*&gt;</c>.
/// The output separates tokens with a single space.
/// </remarks>
public static class VariableMasker
{
    /// <summary>The text that stands for a variable in masked messages and templates.</summary>
    public const string Wildcard = "<*>";

    private const byte Digit = 1;
    private const byte Letter = 2;
    private const byte Delimiter = 4;
    private const byte HexLetter = 8;
    private const byte Opening = 16;
    private const byte Closing = 32;
    private const byte Special = 64; // '/', '@', '=', '\\': a token holding one needs the careful path

    private const byte Dot = 128;

    private static readonly byte[] Classes = BuildClasses();
    private static readonly SearchValues<char> ValueJoiners = SearchValues.Create("/\\@=,");
    private static readonly string[] TopLevelDomains =
        ["com", "net", "org", "edu", "gov", "mil", "int", "io", "info", "biz", "local", "internal", "lan", "localdomain",
         "cn", "hk", "tw", "jp", "kr", "in", "uk", "de", "fr", "it", "nl", "ru", "br", "au", "ca", "us", "eu", "ch", "se"];

    /// <summary>The largest number of characters <see cref="Mask(ReadOnlySpan{char}, Span{char})"/> can write for an input of <paramref name="inputLength"/> characters.</summary>
    /// <param name="inputLength">The length of the message.</param>
    /// <returns>A safe destination length.</returns>
    public static int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((inputLength * 3) + 3);
    }

    /// <summary>Masks <paramref name="message"/> and returns the masked text.</summary>
    /// <param name="message">A log message without its header.</param>
    /// <returns>The message with its variables replaced by <see cref="Wildcard"/> and single spaces between tokens.</returns>
    public static string Mask(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = ArrayPool<char>.Shared.Rent(MaxOutputLength(message.Length));
        try
        {
            var written = Mask(message, buffer);
            return new string(buffer, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Masks <paramref name="message"/> into <paramref name="destination"/>.</summary>
    /// <param name="message">A log message without its header.</param>
    /// <param name="destination">At least <see cref="MaxOutputLength"/> characters.</param>
    /// <returns>The number of characters written.</returns>
    public static int Mask(ReadOnlySpan<char> message, Span<char> destination) => Mask(message, destination, null);

    /// <summary>Masks, and records for each output token the range of the message it came from.</summary>
    internal static int Mask(ReadOnlySpan<char> message, Span<char> destination, List<Range>? sources)
    {
        if (destination.Length < MaxOutputLength(message.Length))
        {
            ThrowDestinationTooSmall();
        }

        var written = 0;
        var i = 0;
        var isDate = false;
        var inQuotes = false;
        var previousBare = false;
        while (i < message.Length)
        {
            if (IsSpace(message[i]))
            {
                i++;
                continue;
            }

            var start = i;
            byte flags = 0;
            while (i < message.Length && !IsSpace(message[i]))
            {
                flags |= ClassOf(message[i]);
                i++;
            }

            var token = message[start..i];
            if (token.Length >= 3 && (flags & (Digit | Special)) == 0 && IsCalendarName(token)
                && TryParseTextTimestamp(message, start, out var timestampEnd))
            {
                // "Sat Jun 18 02:08:10 2005", "Jul 01 08:16:53 PDT 2005": one value, whatever the day.
                sources?.Add(new Range(start, timestampEnd));
                if (written > 0)
                {
                    destination[written++] = ' ';
                }
                Wildcard.CopyTo(destination[written..]);
                written += Wildcard.Length;
                var closing = timestampEnd;
                while (closing > start && (ClassOf(message[closing - 1]) & Closing) != 0)
                {
                    closing--;
                }
                message[closing..timestampEnd].CopyTo(destination[written..]);
                written += timestampEnd - closing;
                i = timestampEnd;
                isDate = false;
                previousBare = false;
                continue;
            }

            if ((flags & Special) != 0 && TryFindQuotedValueEnd(message, start, i, out var quoteEnd))
            {
                // key="several words": the quoted text is one value.
                sources?.Add(new Range(start, quoteEnd));
                if (written > 0)
                {
                    destination[written++] = ' ';
                }
                var open = message[start..i].IndexOf('=') + 2;
                message[start..(start + open)].CopyTo(destination[written..]);
                written += open;
                Wildcard.CopyTo(destination[written..]);
                written += Wildcard.Length;
                var close = message[start..quoteEnd].LastIndexOf(message[start + open - 1]) + start;
                message[close..quoteEnd].CopyTo(destination[written..]);
                written += quoteEnd - close;
                i = quoteEnd;
                isDate = false;
                previousBare = false;
                continue;
            }

            var previousWasDate = isDate;
            isDate = (flags & Digit) != 0 && IsDate(token);
            if (written >= Wildcard.Length && destination[..written].EndsWith(Wildcard)
                && (TryMergeUnit(token, destination, ref written) || (previousWasDate && TryMergeTime(token, destination, ref written))))
            {
                if (sources is { Count: > 0 })
                {
                    sources[^1] = new Range(sources[^1].Start, i);
                }
                continue; // "16.0 KB" is one value, as is "(1.2 KB)"
            }

            sources?.Add(new Range(start, i));
            if (written > 0)
            {
                destination[written++] = ' ';
            }
            var tokenStart = written;
            var quotedBefore = inQuotes;
            if (token[0] == '"' && token.Count('"') == 1)
            {
                inQuotes = true;
            }
            else if (token[^1] == '"' || (token.Length > 1 && token[^2] == '"'))
            {
                inQuotes = false;
            }

            if ((flags & (Digit | Special | Dot)) == 0 && !MayBeLiteral(token))
            {
                // Most tokens are plain words: copy them without a second look.
                token.CopyTo(destination[written..]);
                written += token.Length;
            }
            else
            {
                written += MaskToken(token, destination[written..], flags);
            }

            if (quotedBefore && previousBare && destination[tokenStart..written].StartsWith(Wildcard))
            {
                // Inside quotes, neighbouring values are one value: "GET /path HTTP/1.1" is "GET <*>".
                destination[(tokenStart + Wildcard.Length)..written].CopyTo(destination[(tokenStart - 1)..]);
                written -= Wildcard.Length + 1;
                if (sources is { Count: > 1 })
                {
                    sources[^2] = new Range(sources[^2].Start, i);
                    sources.RemoveAt(sources.Count - 1);
                }
                tokenStart = written - Wildcard.Length;
            }
            previousBare = destination[tokenStart..written].SequenceEqual(Wildcard);
        }

        return written;
    }

    /// <summary>
    /// What a masked token is to the miner: a <see cref="TokenKind.Word"/> (letters, '_', '-', '\'', edge punctuation), an
    /// <see cref="TokenKind.Identifier"/> (a name with dots, colons or a few digits: <c>dfs.DataNode</c>, <c>en0</c>) or a
    /// <see cref="TokenKind.Variable"/> (it holds a variable, or characters that join values: <c>/ \ @ = ,</c>).
    /// </summary>
    internal static TokenKind Classify(ReadOnlySpan<char> token)
    {
        var wildcard = token.IndexOf(Wildcard, StringComparison.Ordinal);
        if (wildcard >= 0)
        {
            // "PendingReds:<*>" and "depth....<*>" name their value: a different name is a different field.
            for (var k = 0; k < token.Length; k++)
            {
                if (token[k..].StartsWith(Wildcard, StringComparison.Ordinal))
                {
                    k += Wildcard.Length - 1;
                }
                else if ((ClassOf(token[k]) & Letter) != 0)
                {
                    return TokenKind.Identifier;
                }
            }
            return TokenKind.Variable;
        }

        var start = 0;
        var end = token.Length;
        while (start < end && (ClassOf(token[start]) & Opening) != 0)
        {
            start++;
        }
        while (end > start && (ClassOf(token[end - 1]) & Closing) != 0)
        {
            end--;
        }
        var core = token[start..end];
        if (core.IndexOfAny(ValueJoiners) >= 0)
        {
            return TokenKind.Variable;
        }
        if (core.Length > 1 && core[^1] == '(' && end < token.Length && token[end] == ')')
        {
            core = core[..^1]; // "getAppContext()" is a word of the message
        }
        foreach (var c in core)
        {
            if ((ClassOf(c) & Letter) == 0 && c is not ('_' or '-' or '\''))
            {
                return TokenKind.Identifier;
            }
        }
        return TokenKind.Word;
    }

    /// <summary>
    /// Classifies the tokens of a masked message. A unit after a value ("12 sec", "3 ms") is a name, not a word, so that
    /// "lifetime &lt;1 sec" and "lifetime 00:01" keep one skeleton.
    /// </summary>
    internal static TokenKind[] Classify(string[] tokens)
    {
        var kinds = new TokenKind[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            kinds[i] = Classify(tokens[i]);
            if (kinds[i] == TokenKind.Word && i > 0 && tokens[i - 1].EndsWith(Wildcard, StringComparison.Ordinal) && IsTimeUnit(tokens[i]))
            {
                kinds[i] = TokenKind.Identifier;
            }
        }
        return kinds;
    }

    private static bool IsTimeUnit(string token)
    {
        var end = token.Length;
        while (end > 0 && (ClassOf(token[end - 1]) & Closing) != 0)
        {
            end--;
        }
        return token.AsSpan(0, end) is "ns" or "us" or "µs" or "ms" or "s" or "sec" or "secs" or "second" or "seconds"
            or "min" or "mins" or "minute" or "minutes" or "h" or "hr" or "hrs" or "hour" or "hours" or "day" or "days";
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSpace(char c) => c <= ' ' || (c >= '\u0080' && char.IsWhiteSpace(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ClassOf(char c) => c < 128 ? Classes[c] : Letter;

    private static int MaskToken(ReadOnlySpan<char> token, Span<char> destination, byte flags)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && (ClassOf(token[start]) & Opening) != 0)
        {
            start++;
        }
        while (end > start && (ClassOf(token[end - 1]) & Closing) != 0)
        {
            end--;
        }

        var core = token[start..end];
        if (start > 0 && token[start - 1] == '[' && IsBracketedAddress(token[start..], out var addressEnd))
        {
            // "[fe80::1]:443": an IPv6 address with a port is one value.
            token[..(start - 1)].CopyTo(destination);
            var w = start - 1;
            Wildcard.CopyTo(destination[w..]);
            w += Wildcard.Length;
            token[(start + addressEnd)..].CopyTo(destination[w..]);
            return w + token.Length - start - addressEnd;
        }
        if (core.Length > 1 && IsWholeVariable(core, flags))
        {
            token[..start].CopyTo(destination);
            var o = start;
            Wildcard.CopyTo(destination[o..]);
            o += Wildcard.Length;
            token[end..].CopyTo(destination[o..]);
            return o + token.Length - end;
        }

        return MaskSegments(token, destination, flags);
    }

    private static int MaskSegments(ReadOnlySpan<char> token, Span<char> destination, byte flags)
    {
        var o = 0;
        var i = 0;
        var lastWildcardEnd = -1;
        var hostStart = -1;
        var hostEnd = -1;
        while (i < token.Length)
        {
            if ((ClassOf(token[i]) & Delimiter) != 0)
            {
                destination[o++] = token[i++];
                continue;
            }

            if ((flags & Special) != 0 && i > 0 && token[i - 1] is '=' or ':' && IsValueTail(token[i..], out var tailEnd))
            {
                // "path:/var/log/x", "url=http://host/a?b": a path or URL runs to the end of the token.
                Wildcard.CopyTo(destination[o..]);
                o += Wildcard.Length;
                token[(i + tailEnd)..].CopyTo(destination[o..]);
                return o + token.Length - i - tailEnd;
            }

            var j = i;
            while (j < token.Length && (ClassOf(token[j]) & Delimiter) == 0)
            {
                j++;
            }

            var segment = token[i..j];
            var coreLength = segment.Length;
            while (coreLength > 0 && segment[coreLength - 1] == '.')
            {
                coreLength--;
            }

            var afterEquals = (i > 0 && token[i - 1] == '=') || (i > 1 && token[i - 1] is '"' or '\'' && token[i - 2] == '=');
            var afterColon = i > 0 && token[i - 1] == ':';
            var dash = segment.IndexOf('-');
            if (dash >= 2 && dash + 1 < coreLength && (ClassOf(segment[dash + 1]) & Digit) != 0 && IsLetters(segment[..dash]))
            {
                // "jetty-6.1.26", "worker-12": a word, then a value.
                segment[..(dash + 1)].CopyTo(destination[o..]);
                o += dash + 1;
                Wildcard.CopyTo(destination[o..]);
                o += Wildcard.Length;
                lastWildcardEnd = o;
                hostEnd = -1;
                for (var k = coreLength; k < segment.Length; k++)
                {
                    destination[o++] = '.';
                }
                i = j;
                continue;
            }

            if ((flags & Dot) != 0 && IsDottedMixed(segment))
            {
                var before = o;
                if (TryMaskDotted(segment, destination, ref o))
                {
                    lastWildcardEnd = destination[..o].EndsWith(Wildcard) ? o : -1;
                    hostEnd = -1;
                    i = j;
                    continue;
                }
                o = before;
            }

            if (coreLength > 0 && (IsVariableSegment(segment[..coreLength], afterEquals) || ((flags & Dot) != 0 && IsDomainName(segment[..coreLength]))))
            {
                if (afterColon && lastWildcardEnd == o - 1)
                {
                    // "<*>:<*>" (ip:port, hh:mm:ss, rack:node) is one value.
                    o--;
                }
                else if (afterColon && hostEnd == o - 1)
                {
                    // "host.example.org:8080": the host belongs to the value.
                    o = hostStart;
                    Wildcard.CopyTo(destination[o..]);
                    o += Wildcard.Length;
                }
                else
                {
                    if (o > 0 && o <= 2 && (destination[0] is '<' or '>') && (o == 1 || destination[1] == '='))
                    {
                        o = 0; // "<1", ">=5": the comparison belongs to the value
                    }
                    Wildcard.CopyTo(destination[o..]);
                    o += Wildcard.Length;
                }

                lastWildcardEnd = o;
                hostEnd = -1;
                for (var k = coreLength; k < segment.Length; k++)
                {
                    destination[o++] = '.';
                }
            }
            else
            {
                var segmentStart = o;
                segment.CopyTo(destination[o..]);
                o += segment.Length;
                if (IsHostName(segment) && (i == 0 || (ClassOf(token[i - 1]) & Opening) != 0))
                {
                    hostStart = segmentStart;
                    hostEnd = o;
                }
                else
                {
                    hostEnd = -1;
                }
            }

            i = j;
        }

        return o;
    }

    /// <summary>Appends the closing punctuation of a size unit that follows a value ("KB)" after "(1.2"), dropping the unit.</summary>
    private static bool TryMergeUnit(ReadOnlySpan<char> token, Span<char> destination, ref int written)
    {
        var end = token.Length;
        while (end > 0 && (ClassOf(token[end - 1]) & Closing) != 0)
        {
            end--;
        }
        if (end == 0 || end > 3 || !IsSizeUnit(token[..end]))
        {
            return false;
        }
        token[end..].CopyTo(destination[written..]);
        written += token.Length - end;
        return true;
    }

    /// <summary>Appends the closing punctuation of a time of day that follows a date ("2017-05-16 05:00:00."), dropping the time.</summary>
    private static bool TryMergeTime(ReadOnlySpan<char> token, Span<char> destination, ref int written)
    {
        var end = token.Length;
        while (end > 0 && (ClassOf(token[end - 1]) & Closing) != 0)
        {
            end--;
        }
        var core = token[..end];
        if (core.Length < 5 || (ClassOf(core[0]) & Digit) == 0 || core.IndexOf(':') is < 1 or > 2)
        {
            return false;
        }
        foreach (var c in core)
        {
            if ((ClassOf(c) & Digit) == 0 && c is not (':' or '.' or ',' or '+' or '-' or 'Z'))
            {
                return false;
            }
        }
        token[end..].CopyTo(destination[written..]);
        written += token.Length - end;
        return true;
    }

    /// <summary>2017-05-16, 2017/05/16, 16/05/2017, 05-16-2017: three digit groups split by '-', '/' or '.', one of four digits.</summary>
    private static bool IsDate(ReadOnlySpan<char> token)
    {
        var groups = 0;
        var run = 0;
        var hasYear = false;
        var separator = '\0';
        foreach (var c in token)
        {
            if ((ClassOf(c) & Digit) != 0)
            {
                run++;
                continue;
            }
            if (run == 0 || c is not ('-' or '/' or '.') || (separator != '\0' && c != separator))
            {
                return false;
            }
            separator = c;
            hasYear |= run == 4;
            groups++;
            run = 0;
        }
        hasYear |= run == 4;
        return groups == 2 && run > 0 && hasYear;
    }

    private static bool IsSizeUnit(ReadOnlySpan<char> unit) =>
        unit is "B" or "KB" or "MB" or "GB" or "TB" or "PB" or "kB" or "KiB" or "MiB" or "GiB" or "TiB";

    /// <summary>
    /// Whether the token at [<paramref name="start"/>, <paramref name="end"/>) opens a quoted value (<c>key="a b"</c>) that
    /// closes in a later token; <paramref name="valueEnd"/> is the end of that token.
    /// </summary>
    private static bool TryFindQuotedValueEnd(ReadOnlySpan<char> message, int start, int end, out int valueEnd)
    {
        valueEnd = 0;
        var token = message[start..end];
        var equals = token.IndexOf('=');
        if (equals <= 0 || equals + 1 >= token.Length || token[equals + 1] is not ('"' or '\''))
        {
            return false;
        }
        var quote = token[equals + 1];
        if (token[(equals + 2)..].Contains(quote))
        {
            return false; // closed in the same token
        }
        var rest = message[end..];
        var close = rest.IndexOf(quote);
        if (close < 0 || close > 256)
        {
            return false;
        }
        valueEnd = end + close + 1;
        while (valueEnd < message.Length && !IsSpace(message[valueEnd]))
        {
            valueEnd++;
        }
        return true;
    }

    /// <summary>A weekday or month name, abbreviated or not, with a trailing comma allowed: "Sat", "June", "Jul,".</summary>
    private static bool IsCalendarName(ReadOnlySpan<char> token)
    {
        if (token[^1] == ',')
        {
            token = token[..^1];
        }
        if (token.Length is < 3 or > 9 || token[0] > 127 || token[1] > 127 || token[2] > 127)
        {
            return false;
        }

        // The first three letters, lower-cased and packed: one switch instead of nineteen comparisons on every word.
        var key = ((token[0] | 0x20) << 16) | ((token[1] | 0x20) << 8) | (token[2] | 0x20);
        var known = key switch
        {
            0x6D6F6E or 0x747565 or 0x776564 or 0x746875 or 0x667269 or 0x736174 or 0x73756E => true, // mon tue wed thu fri sat sun
            0x6A616E or 0x666562 or 0x6D6172 or 0x617072 or 0x6D6179 or 0x6A756E => true, // jan feb mar apr may jun
            0x6A756C or 0x617567 or 0x736570 or 0x6F6374 or 0x6E6F76 or 0x646563 => true, // jul aug sep oct nov dec
            _ => false,
        };
        return known && IsLetters(token) && (token.Length == 3 || char.IsLower(token[3]));
    }

    /// <summary>
    /// [Weekday] Month Day Time [Zone] [Year] (or Weekday Day Month …) starting at <paramref name="start"/>; a time of day is
    /// required, so "May be" or "Mon 3 units" are not timestamps.
    /// </summary>
    private static bool TryParseTextTimestamp(ReadOnlySpan<char> message, int start, out int end)
    {
        end = start;
        var names = 0;
        var day = false;
        var time = false;
        var position = start;
        var tokens = 0;
        while (tokens < 7)
        {
            var tokenStart = position;
            while (tokenStart < message.Length && IsSpace(message[tokenStart]))
            {
                tokenStart++;
            }
            var tokenEnd = tokenStart;
            while (tokenEnd < message.Length && !IsSpace(message[tokenEnd]))
            {
                tokenEnd++;
            }
            if (tokenEnd == tokenStart)
            {
                break;
            }
            var token = message[tokenStart..tokenEnd];
            var core = token.TrimEnd(",.;)]");
            if (!time && names < 2 && IsCalendarName(token))
            {
                names++;
            }
            else if (!time && !day && core.Length is 1 or 2 && IsDigits(core))
            {
                day = true;
            }
            else if (!time && core.Length >= 5 && core.IndexOf(':') is 1 or 2 && (ClassOf(core[0]) & Digit) != 0)
            {
                time = true;
            }
            else if (time && core.Length is >= 2 and <= 5 && IsUpperLetters(core))
            {
                // a zone: PDT, UTC, CEST
            }
            else if (time && core.Length == 4 && IsDigits(core))
            {
                end = tokenEnd;
                return names > 0 && day;
            }
            else
            {
                break;
            }
            tokens++;
            position = tokenEnd;
            if (time)
            {
                end = tokenEnd;
            }
        }
        return time && names > 0 && day;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if ((ClassOf(c) & Digit) == 0)
            {
                return false;
            }
        }
        return !text.IsEmpty;
    }

    private static bool IsUpperLetters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A dotted name whose last label is a common top-level domain: <c>www.example.com</c>.</summary>
    private static bool IsDomainName(ReadOnlySpan<char> token)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && (ClassOf(token[start]) & Opening) != 0)
        {
            start++;
        }
        while (end > start && (ClassOf(token[end - 1]) & Closing) != 0)
        {
            end--;
        }
        var core = token[start..end];
        var lastDot = core.LastIndexOf('.');
        if (lastDot <= 0 || lastDot == core.Length - 1)
        {
            return false;
        }
        foreach (var c in core)
        {
            if ((ClassOf(c) & (Letter | Digit)) == 0 && c is not ('.' or '-'))
            {
                return false;
            }
        }
        var tld = core[(lastDot + 1)..];
        foreach (var candidate in TopLevelDomains)
        {
            if (tld.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"fe80::1]:443" (after the opening bracket): an IPv6 address, the bracket and a port; <paramref name="end"/> is past the port.</summary>
    private static bool IsBracketedAddress(ReadOnlySpan<char> rest, out int end)
    {
        end = 0;
        var close = rest.IndexOf("]:", StringComparison.Ordinal);
        if (close < 2 || !IsWholeVariable(rest[..close], byte.MaxValue))
        {
            return false;
        }
        end = close + 2;
        var digits = end;
        while (end < rest.Length && (ClassOf(rest[end]) & Digit) != 0)
        {
            end++;
        }
        return end > digits;
    }

    /// <summary>Whether the rest of a token after '=' or ':' is a path or URL; <paramref name="end"/> excludes closing punctuation.</summary>
    private static bool IsValueTail(ReadOnlySpan<char> rest, out int end)
    {
        end = rest.Length;
        while (end > 0 && (ClassOf(rest[end - 1]) & Closing) != 0)
        {
            end--;
        }
        var core = rest[..end];
        return core.Length > 1 && (core[0] == '/' || core.Contains("://", StringComparison.Ordinal));
    }

    private static bool IsLetters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if ((ClassOf(c) & Letter) == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A dotted segment with digits that does not start like a number: "core.2275", "depth.......0", "app-1.6.0.jar".</summary>
    private static bool IsDottedMixed(ReadOnlySpan<char> segment)
    {
        if (segment.Length < 3 || segment.IndexOf('.') < 0 || (ClassOf(segment[0]) & Digit) != 0)
        {
            return false;
        }
        if (segment[0] is '-' or '+' or '.' && (ClassOf(segment[1]) & Digit) != 0)
        {
            return false;
        }
        foreach (var c in segment)
        {
            if ((ClassOf(c) & Digit) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Masks the dot-separated parts of a segment one by one; "&lt;*&gt;.&lt;*&gt;" collapses. Returns whether a part was masked.</summary>
    private static bool TryMaskDotted(ReadOnlySpan<char> segment, Span<char> destination, ref int o)
    {
        var any = false;
        var lastWildcardEnd = -1;
        var p = 0;
        while (true)
        {
            var dot = segment[p..].IndexOf('.');
            var end = dot < 0 ? segment.Length : p + dot;
            var part = segment[p..end];
            if (part.Length > 0 && IsVariableSegment(part, afterEquals: false))
            {
                any = true;
                if (lastWildcardEnd == o - 1 && o > 0 && destination[o - 1] == '.')
                {
                    o--;
                }
                else
                {
                    Wildcard.CopyTo(destination[o..]);
                    o += Wildcard.Length;
                }
                lastWildcardEnd = o;
            }
            else
            {
                part.CopyTo(destination[o..]);
                o += part.Length;
            }

            if (end >= segment.Length)
            {
                return any;
            }
            destination[o++] = '.';
            p = end + 1;
        }
    }

    /// <summary>A cheap first look for "true", "false", "null" (with punctuation around): they are values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MayBeLiteral(ReadOnlySpan<char> token) =>
        token.Length is >= 4 and <= 8 && token[0] is 't' or 'T' or 'f' or 'F' or 'n' or 'N' or '(' or '[' or '\'' or '"';

    private static bool IsLiteralValue(ReadOnlySpan<char> segment) =>
        segment.Equals("true", StringComparison.OrdinalIgnoreCase)
        || segment.Equals("false", StringComparison.OrdinalIgnoreCase)
        || segment.Equals("null", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a token (edge punctuation trimmed) is one value; <paramref name="flags"/> (the token's character classes) skip checks that cannot apply.</summary>
    private static bool IsWholeVariable(ReadOnlySpan<char> core, byte flags)
    {
        if ((flags & Digit) == 0 && IsLiteralValue(core))
        {
            return true; // true, false, null
        }
        if ((flags & Dot) != 0 && IsDomainName(core))
        {
            return true; // a host name
        }
        if ((flags & Special) != 0)
        {
            var slash = core.IndexOf('/');
            if (slash > 0 && slash + 1 < core.Length && IsDomainName(core[..slash]) && (ClassOf(core[slash + 1]) & Digit) != 0)
            {
                return true; // Java's host/address:port
            }
            if (core[0] == '/' || core.StartsWith("./") || core.StartsWith("../") || core.StartsWith("~/"))
            {
                return true; // a path
            }
            if (core.Length > 2 && core[1] == ':' && core[2] == '\\' && (ClassOf(core[0]) & Letter) != 0)
            {
                return true; // a Windows path
            }
            if (core.Contains("://", StringComparison.Ordinal))
            {
                return true; // a URL
            }

            var at = core.IndexOf('@');
            if (at > 0 && core[(at + 1)..].Contains('.') && (ClassOf(core[0]) & (Letter | Digit)) != 0)
            {
                return true; // an e-mail address
            }
        }
        if ((flags & Digit) == 0)
        {
            return false;
        }

        // IPv6: hex digits and at least two colons ("fe80::1", "2001:db8::8a2e:370:7334").
        var colons = 0;
        var digits = 0;
        foreach (var c in core)
        {
            var cls = ClassOf(c);
            if (c == ':')
            {
                colons++;
            }
            else if ((cls & Digit) != 0)
            {
                digits++;
            }
            else if ((cls & HexLetter) == 0 && c != '.')
            {
                return false;
            }
        }
        return colons >= 2 && digits > 0;
    }

    /// <summary>Whether a segment (a token part between delimiters) is a value rather than a word of the message.</summary>
    private static bool IsVariableSegment(ReadOnlySpan<char> segment, bool afterEquals)
    {
        var digitRuns = 0;
        var longestRun = 0;
        var run = 0;
        var runAfterLetter = false;
        var previous = '\0';
        foreach (var c in segment)
        {
            if ((ClassOf(c) & Digit) != 0)
            {
                if (run == 0)
                {
                    digitRuns++;
                    runAfterLetter = (ClassOf(previous) & Letter) != 0;
                }
                run++;
                longestRun = Math.Max(longestRun, run);
            }
            else
            {
                run = 0;
            }
            previous = c;
        }

        if (digitRuns == 0)
        {
            return afterEquals && IsLiteralValue(segment);
        }

        // "v2", "Log4j", "Slf4jLogger", "IPv6", "HttpServer2": a name with a short digit run inside is a word.
        var isName = (ClassOf(segment[0]) & Letter) != 0 && digitRuns == 1 && longestRun <= 2 && runAfterLetter;
        return !isName;
    }

    /// <summary>A dotted host name such as <c>proxy.example.org</c>: letters, digits, '-' and at least one inner dot.</summary>
    private static bool IsHostName(ReadOnlySpan<char> segment)
    {
        if (segment.Length < 3 || segment[0] == '.' || segment[^1] == '.')
        {
            return false;
        }

        var dots = 0;
        foreach (var c in segment)
        {
            if (c == '.')
            {
                dots++;
            }
            else if ((ClassOf(c) & (Letter | Digit)) == 0 && c != '-')
            {
                return false;
            }
        }
        return dots > 0;
    }

    private static byte[] BuildClasses()
    {
        var classes = new byte[128];
        for (var c = '0'; c <= '9'; c++)
        {
            classes[c] = Digit;
        }
        for (var c = 'a'; c <= 'z'; c++)
        {
            classes[c] = Letter;
            classes[char.ToUpperInvariant(c)] = Letter;
        }
        for (var c = 'a'; c <= 'f'; c++)
        {
            classes[c] |= HexLetter;
            classes[char.ToUpperInvariant(c)] |= HexLetter;
        }
        foreach (var c in "=:,()[]{}<>'\"|;#")
        {
            classes[c] |= Delimiter;
        }
        foreach (var c in "([{<'\"")
        {
            classes[c] |= Opening;
        }
        foreach (var c in ")]}>'\".,;:!?")
        {
            classes[c] |= Closing;
        }
        foreach (var c in "/@=\\")
        {
            classes[c] |= Special;
        }
        classes['.'] |= Dot;
        return classes;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowDestinationTooSmall() =>
        throw new ArgumentException("The destination must hold at least MaxOutputLength(message.Length) characters.", "destination");
}
