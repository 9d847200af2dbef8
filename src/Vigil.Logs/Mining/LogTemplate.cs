using Vigil.Logs.Masking;

namespace Vigil.Logs.Mining;

/// <summary>
/// A message kind: its tokens, where <see cref="VariableMasker.Wildcard"/> marks a variable, and how many messages it has seen.
/// Owned by one <see cref="TemplateMiner"/>; read it on the miner's thread.
/// </summary>
public sealed class LogTemplate
{
    private string[] tokens;
    private TokenKind[] kinds;
    private string? text;

    internal LogTemplate(TemplateId id, string[] tokens, TokenKind[] kinds, string indexKey)
    {
        Id = id;
        this.tokens = tokens;
        this.kinds = kinds;
        IndexKey = indexKey;
        Recency = new LinkedListNode<LogTemplate>(this);
    }

    /// <summary>The stable identity of the template.</summary>
    public TemplateId Id { get; }

    /// <summary>The tokens of the template; a token may be or hold <see cref="VariableMasker.Wildcard"/>.</summary>
    public IReadOnlyList<string> Tokens => tokens;

    /// <summary>The template as text: tokens separated by one space, <c>&lt;*&gt;</c> for variables.</summary>
    public string Text => text ??= string.Join(' ', tokens);

    /// <summary>Messages that joined this template.</summary>
    public long Count { get; internal set; }

    /// <summary>Whether the template was dropped by the LRU bound.</summary>
    public bool IsEvicted { get; internal set; }

    /// <summary>
    /// The template this one was merged into, when words at one position turned out to vary (the fifth user name in
    /// "Invalid user NAME from …"); null while the template stands on its own.
    /// </summary>
    public LogTemplate? MergedInto { get; internal set; }

    /// <summary>This template, or the one it was merged into (following merges to the end).</summary>
    public LogTemplate Current
    {
        get
        {
            var template = this;
            while (template.MergedInto is not null)
            {
                template = template.MergedInto;
            }
            return template;
        }
    }

    internal string[] TokenArray => tokens;

    internal TokenKind[] Kinds => kinds;

    internal string IndexKey { get; set; }

    internal LinkedListNode<LogTemplate> Recency { get; }

    /// <summary>The values of the variables of this template in <paramref name="message"/>, in order.</summary>
    /// <param name="message">A message that belongs to this template (its raw text, not masked).</param>
    /// <returns>One value per variable (a variable stretch of several tokens gives one value); empty when the message does not have the template's shape.</returns>
    public IReadOnlyList<string> GetParameters(ReadOnlySpan<char> message)
    {
        var sources = new List<Range>();
        var masked = VariableMasker.Mask(message.ToString()).AsSpan();
        VariableMasker.Mask(message, new char[VariableMasker.MaxOutputLength(message.Length)], sources);
        var lineTokens = masked.Length == 0 ? [] : masked.ToString().Split(' ');
        var lineKinds = VariableMasker.Classify(lineTokens);
        if (lineTokens.Length != sources.Count || !TemplateIndex.Fits(IndexKey, lineTokens, lineKinds))
        {
            return [];
        }

        var values = new List<string>();
        int li = 0, ti = 0;
        while (true)
        {
            var ls = li;
            while (li < lineTokens.Length && !Alignment.IsAnchor(lineKinds[li]))
            {
                li++;
            }
            var ts = ti;
            while (ti < tokens.Length && !Alignment.IsAnchor(kinds[ti]))
            {
                ti++;
            }

            if (ti - ts == 1 && kinds[ts] == TokenKind.Gap)
            {
                values.Add(li > ls ? message[sources[ls].Start..sources[li - 1].End].ToString() : "");
            }
            else if (ti - ts == li - ls)
            {
                for (var k = 0; k < li - ls; k++)
                {
                    var raw = message[sources[ls + k]];
                    if (kinds[ts + k] == TokenKind.Wildcard && tokens[ts + k].Length == VariableMasker.Wildcard.Length)
                    {
                        values.Add(raw.ToString());
                    }
                    else
                    {
                        ExtractFromToken(tokens[ts + k], raw, values);
                    }
                }
            }
            else
            {
                return [];
            }

            if (li >= lineTokens.Length || ti >= tokens.Length)
            {
                return values;
            }
            if (kinds[ti] == TokenKind.WordSlot)
            {
                values.Add(message[sources[li]].ToString());
            }
            li++;
            ti++;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {Text}";

    internal void Replace(string[] newTokens, TokenKind[] newKinds)
    {
        tokens = newTokens;
        kinds = newKinds;
        text = null;
    }

    private static void ExtractFromToken(string pattern, ReadOnlySpan<char> raw, List<string> values)
    {
        var wildcard = pattern.IndexOf(VariableMasker.Wildcard, StringComparison.Ordinal);
        if (wildcard < 0)
        {
            return;
        }
        if (pattern.Length == VariableMasker.Wildcard.Length)
        {
            values.Add(raw.ToString());
            return;
        }

        // Literal pieces around the variables: "PendingReds:<*>" against "PendingReds:3" gives "3".
        var pieces = pattern.Split(VariableMasker.Wildcard);
        var first = pieces[0];
        var last = pieces[^1];
        if (raw.Length < first.Length + last.Length || !raw.StartsWith(first, StringComparison.Ordinal) || !raw[first.Length..].EndsWith(last, StringComparison.Ordinal))
        {
            values.Add(raw.ToString());
            return;
        }
        var rest = raw[first.Length..^last.Length];
        for (var p = 1; p < pieces.Length - 1; p++)
        {
            var at = pieces[p].Length == 0 ? -1 : rest.IndexOf(pieces[p], StringComparison.Ordinal);
            if (at < 0)
            {
                values.Add(rest.ToString());
                return;
            }
            values.Add(rest[..at].ToString());
            rest = rest[(at + pieces[p].Length)..];
        }
        values.Add(rest.ToString());
    }
}
