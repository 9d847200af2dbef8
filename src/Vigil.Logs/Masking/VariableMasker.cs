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
public static partial class VariableMasker
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
        if (core.IndexOfAny(ValueJoiners) >= 0 || (core.IsEmpty && start > 0))
        {
            return TokenKind.Variable; // joined values, or an empty value: "()", "[]", "''"
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
    /// Classifies the tokens of a masked message. A unit after a value ("12 sec", "3 ms") belongs to the value, not to the words, so that
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
                kinds[i] = TokenKind.Variable;
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
