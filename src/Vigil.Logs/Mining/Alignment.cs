using Vigil.Logs.Masking;

namespace Vigil.Logs.Mining;

/// <summary>
/// Lines a message up with a template of the same skeleton: words pair up in order, and the stretches between them
/// (segments) are compared position by position when they have the same length, as a whole otherwise.
/// </summary>
internal static class Alignment
{
    /// <summary>How well a message fits a template.</summary>
    /// <param name="Same">Message tokens that equal the template's or fall on its variables.</param>
    /// <param name="Total">Same plus differing positions.</param>
    /// <param name="Literals">Literal tokens the template would keep after a merge.</param>
    /// <param name="IdentifierDifferences">Differing positions where a name is involved.</param>
    /// <param name="Changes">Whether a merge would change the template.</param>
    /// <param name="WordDifferences">Words that differ (only between templates of neighbouring skeletons).</param>
    /// <param name="Blocked">A stretch of different length holds a field (<c>user=root</c>): a message with an extra field is another kind.</param>
    public readonly record struct Fit(int Same, int Total, int Literals, int IdentifierDifferences, bool Changes, int WordDifferences = 0, bool Blocked = false);

    public static bool IsAnchor(TokenKind kind) => kind is TokenKind.Word or TokenKind.WordSlot;

    public static Fit Compare(string[] tokens, TokenKind[] kinds, string[] pattern, TokenKind[] patternKinds)
    {
        int same = 0, total = 0, literals = 0, identifiers = 0, words = 0;
        var changes = false;
        var blocked = false;
        int li = 0, ti = 0;
        while (true)
        {
            var ls = li;
            while (li < tokens.Length && !IsAnchor(kinds[li]))
            {
                li++;
            }
            var ts = ti;
            while (ti < pattern.Length && !IsAnchor(patternKinds[ti]))
            {
                ti++;
            }

            var lineLength = li - ls;
            var patternLength = ti - ts;
            if (patternLength == 1 && patternKinds[ts] == TokenKind.Gap)
            {
                same += lineLength;
                total += lineLength;
            }
            else if (lineLength == patternLength)
            {
                for (var k = 0; k < lineLength; k++)
                {
                    total++;
                    var p = pattern[ts + k];
                    if (patternKinds[ts + k] == TokenKind.Wildcard)
                    {
                        same++;
                    }
                    else if (string.Equals(p, tokens[ls + k], StringComparison.Ordinal))
                    {
                        same++;
                        literals++;
                    }
                    else
                    {
                        changes = true;
                        if (patternKinds[ts + k] == TokenKind.Identifier || kinds[ls + k] == TokenKind.Identifier)
                        {
                            identifiers++;
                        }
                    }
                }
            }
            else if (AllValues(tokens, kinds, ls, li) && AllValues(pattern, patternKinds, ts, ti))
            {
                // A list of values of varying length ("delete blk_1 blk_2 blk_3") is one value.
                changes = true;
                same++;
                total++;
            }
            else
            {
                changes = true;
                total += Math.Max(lineLength, patternLength);
                for (var k = ls; k < li; k++)
                {
                    identifiers += kinds[k] == TokenKind.Identifier ? 1 : 0;
                    blocked |= IsField(tokens[k]);
                }
                for (var k = ts; k < ti; k++)
                {
                    identifiers += patternKinds[k] == TokenKind.Identifier ? 1 : 0;
                    blocked |= IsField(pattern[k]);
                }
            }

            if (li >= tokens.Length || ti >= pattern.Length)
            {
                return new Fit(same, total, literals, identifiers, changes, words, blocked);
            }

            total++;
            if (patternKinds[ti] == TokenKind.WordSlot || kinds[li] == TokenKind.WordSlot)
            {
                same++;
                changes |= patternKinds[ti] != TokenKind.WordSlot;
            }
            else if (string.Equals(pattern[ti], tokens[li], StringComparison.Ordinal))
            {
                same++;
                literals++;
            }
            else
            {
                changes = true;
                words++;
            }
            li++;
            ti++;
        }
    }

    /// <summary>
    /// A variable with the punctuation both tokens share around it: "'US'." and "'X3'." give "'&lt;*&gt;'.", "(a)" and "b" give "&lt;*&gt;".
    /// </summary>
    internal static string WildcardKeepingPunctuation(string pattern, string token)
    {
        var prefix = 0;
        while (prefix < pattern.Length && prefix < token.Length && pattern[prefix] == token[prefix] && IsEdgePunctuation(pattern[prefix])
            && !pattern.AsSpan(prefix).StartsWith(VariableMasker.Wildcard, StringComparison.Ordinal))
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < pattern.Length - prefix && suffix < token.Length - prefix
            && pattern[^(suffix + 1)] == token[^(suffix + 1)] && IsEdgePunctuation(pattern[^(suffix + 1)])
            && !pattern.AsSpan(0, pattern.Length - suffix).EndsWith(VariableMasker.Wildcard, StringComparison.Ordinal))
        {
            suffix++;
        }
        return prefix == 0 && suffix == 0
            ? VariableMasker.Wildcard
            : string.Concat(pattern.AsSpan(0, prefix), VariableMasker.Wildcard, pattern.AsSpan(pattern.Length - suffix));
    }

    private static bool IsEdgePunctuation(char c) => c is '\'' or '"' or '(' or ')' or '[' or ']' or '{' or '}' or ',' or '.' or ';' or ':';

    private static bool AllValues(string[] tokens, TokenKind[] kinds, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (kinds[k] is not (TokenKind.Variable or TokenKind.Wildcard or TokenKind.Gap) || IsField(tokens[k]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A named field: letters, then '=' or ':' (<c>user=root</c>, <c>rhost=&lt;*&gt;</c>, <c>PendingReds:&lt;*&gt;</c>).</summary>
    private static bool IsField(string token)
    {
        var letters = false;
        foreach (var c in token)
        {
            if (char.IsLetter(c))
            {
                letters = true;
            }
            else if (c is '=' or ':')
            {
                return letters;
            }
        }
        return false;
    }

    /// <summary>The template generalized so that it also covers the message.</summary>
    public static (string[] Pattern, TokenKind[] Kinds) Merge(string[] tokens, TokenKind[] kinds, string[] pattern, TokenKind[] patternKinds)
    {
        var merged = new List<string>(pattern.Length);
        var mergedKinds = new List<TokenKind>(pattern.Length);
        int li = 0, ti = 0;
        while (true)
        {
            var ls = li;
            while (li < tokens.Length && !IsAnchor(kinds[li]))
            {
                li++;
            }
            var ts = ti;
            while (ti < pattern.Length && !IsAnchor(patternKinds[ti]))
            {
                ti++;
            }

            var lineLength = li - ls;
            var patternLength = ti - ts;
            if (lineLength == patternLength && !(patternLength == 1 && patternKinds[ts] == TokenKind.Gap))
            {
                for (var k = 0; k < lineLength; k++)
                {
                    if (patternKinds[ts + k] == TokenKind.Wildcard || !string.Equals(pattern[ts + k], tokens[ls + k], StringComparison.Ordinal))
                    {
                        merged.Add(WildcardKeepingPunctuation(pattern[ts + k], tokens[ls + k]));
                        mergedKinds.Add(TokenKind.Wildcard);
                    }
                    else
                    {
                        merged.Add(pattern[ts + k]);
                        mergedKinds.Add(patternKinds[ts + k]);
                    }
                }
            }
            else
            {
                merged.Add(VariableMasker.Wildcard);
                mergedKinds.Add(TokenKind.Gap);
            }

            if (li >= tokens.Length || ti >= pattern.Length)
            {
                return (merged.ToArray(), mergedKinds.ToArray());
            }

            if (patternKinds[ti] == TokenKind.WordSlot || kinds[li] == TokenKind.WordSlot
                || !string.Equals(pattern[ti], tokens[li], StringComparison.Ordinal))
            {
                merged.Add(VariableMasker.Wildcard);
                mergedKinds.Add(TokenKind.WordSlot);
            }
            else
            {
                merged.Add(pattern[ti]);
                mergedKinds.Add(TokenKind.Word);
            }
            li++;
            ti++;
        }
    }
}
