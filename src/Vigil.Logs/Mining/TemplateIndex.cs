using System.Text;
using Vigil.Logs.Masking;

namespace Vigil.Logs.Mining;

/// <summary>
/// Templates grouped by skeleton: the sequence of their words (<see cref="TokenKind.Word"/>), whatever the number of other
/// tokens between them. A message only ever joins a template of its own skeleton, so words are never generalized, the search
/// looks at a handful of candidates, and a value that spans a varying number of tokens does not split a template.
/// </summary>
/// <remarks>
/// This replaces Drain's fixed-depth prefix tree keyed by token count and first tokens: that tree splits a message kind whose
/// variable part varies in length or whose first token is a name, and it over-merges messages that differ in one word
/// ("VM Started", "VM Paused").
/// </remarks>
internal sealed class TemplateIndex
{
    private readonly Dictionary<string, List<LogTemplate>> groups = new(StringComparer.Ordinal);

    private const char SlotMarker = '\u0001';
    private const char Separator = '\u001f';

    private readonly Dictionary<string, List<LogTemplate>> siblings = new(StringComparer.Ordinal);

    /// <summary>The skeleton: the words in order, a marker for a word slot.</summary>
    public static string KeyOf(string[] tokens, TokenKind[] kinds) => KeyOf(tokens, kinds, -1);

    /// <summary>The skeleton with the word at token position <paramref name="blank"/> replaced by a slot marker.</summary>
    public static string KeyOf(string[] tokens, TokenKind[] kinds, int blank)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (kinds[i] == TokenKind.WordSlot || i == blank)
            {
                builder.Append(SlotMarker).Append(Separator);
            }
            else if (kinds[i] == TokenKind.Word)
            {
                builder.Append(tokens[i]).Append(Separator);
            }
        }
        return builder.ToString();
    }

    /// <summary>The keys of the neighbouring skeletons of a message or template: one per word, with that word blanked.</summary>
    public static IEnumerable<string> NeighbourKeys(string[] tokens, TokenKind[] kinds)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (kinds[i] == TokenKind.Word)
            {
                yield return KeyOf(tokens, kinds, i);
            }
        }
    }

    /// <summary>Whether a message's words fit a skeleton key (words equal, slots take any word).</summary>
    public static bool Fits(string key, string[] tokens, TokenKind[] kinds)
    {
        if (key == KeyOf(tokens, kinds))
        {
            return true;
        }
        foreach (var neighbour in NeighbourKeys(tokens, kinds))
        {
            if (key == neighbour)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Templates whose skeleton differs from <paramref name="neighbourKey"/> only in the blanked word.</summary>
    public List<LogTemplate>? Siblings(string neighbourKey) => siblings.GetValueOrDefault(neighbourKey);

    public List<LogTemplate>? Find(string key) => groups.GetValueOrDefault(key);

    public void Add(LogTemplate template)
    {
        if (!groups.TryGetValue(template.IndexKey, out var list))
        {
            list = [];
            groups.Add(template.IndexKey, list);
        }

        // Candidates are tried in id order, whatever the order of insertion (restores insert by recency).
        var at = list.Count;
        while (at > 0 && list[at - 1].Id.Value > template.Id.Value)
        {
            at--;
        }
        list.Insert(at, template);

        foreach (var key in NeighbourKeys(template.TokenArray, template.Kinds))
        {
            if (!siblings.TryGetValue(key, out var family))
            {
                family = [];
                siblings.Add(key, family);
            }
            family.Add(template);
        }
    }

    public void Remove(LogTemplate template)
    {
        if (groups.TryGetValue(template.IndexKey, out var list))
        {
            list.Remove(template);
            if (list.Count == 0)
            {
                groups.Remove(template.IndexKey);
            }
        }

        foreach (var key in NeighbourKeys(template.TokenArray, template.Kinds))
        {
            if (siblings.TryGetValue(key, out var family))
            {
                family.Remove(template);
                if (family.Count == 0)
                {
                    siblings.Remove(key);
                }
            }
        }
    }
}
