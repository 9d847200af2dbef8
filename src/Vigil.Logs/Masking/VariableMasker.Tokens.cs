using System.Runtime.CompilerServices;

namespace Vigil.Logs.Masking;

/// <summary>How one token is cut into segments and which are values.</summary>
public static partial class VariableMasker
{
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
            var isDomain = (flags & Dot) != 0 && coreLength > 0 && IsDomainName(segment[..coreLength]);
            var dash = segment.IndexOf('-');
            if (!isDomain && dash >= 2 && dash + 1 < coreLength && (ClassOf(segment[dash + 1]) & Digit) != 0 && IsLetters(segment[..dash]))
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

            if (!isDomain && (flags & Dot) != 0 && IsDottedMixed(segment))
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

            if (coreLength > 0 && (isDomain || IsVariableSegment(segment[..coreLength], afterEquals)))
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
}
