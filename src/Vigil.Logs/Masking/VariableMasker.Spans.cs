namespace Vigil.Logs.Masking;

/// <summary>Values that span several tokens or need a look at their neighbours: units, dates with times, textual timestamps, quoted values.</summary>
public static partial class VariableMasker
{
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
}
