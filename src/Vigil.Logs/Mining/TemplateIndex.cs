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

    // Keyed by a 64-bit hash of the blanked skeleton, not the string: a template has one such key per word, and strings
    // made the index the largest part of a template's memory. A collision only adds a candidate that Alignment rejects.
    private readonly Dictionary<ulong, List<LogTemplate>> siblings = [];

    // Skeleton hashes of the templates that have a word slot, so that a new message looks for slot templates only when one
    // could match (the cold path otherwise built a string key per word of every new message).
    private readonly Dictionary<ulong, int> slotSkeletons = [];

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

    /// <summary>Hashes of the neighbouring skeletons (FNV-1a over the words, the blanked one as a marker).</summary>
    public static IEnumerable<ulong> NeighbourHashes(string[] tokens, TokenKind[] kinds)
    {
        for (var blank = 0; blank < tokens.Length; blank++)
        {
            if (kinds[blank] == TokenKind.Word)
            {
                yield return HashOf(tokens, kinds, blank);
            }
        }
    }

    /// <summary>Whether some template with a word slot has the skeleton hashed in <paramref name="hash"/>.</summary>
    public bool HasSlotSkeleton(ulong hash) => slotSkeletons.ContainsKey(hash);

    public static ulong HashOf(string[] tokens, TokenKind[] kinds, int blank)
    {
        const ulong prime = 1099511628211;
        var hash = 14695981039346656037;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (kinds[i] == TokenKind.WordSlot || i == blank)
            {
                hash = (hash ^ SlotMarker) * prime;
            }
            else if (kinds[i] == TokenKind.Word)
            {
                foreach (var c in tokens[i])
                {
                    hash = (hash ^ c) * prime;
                }
            }
            else
            {
                continue;
            }
            hash = (hash ^ Separator) * prime;
        }
        return hash;
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

    /// <summary>Templates whose skeleton differs from the one hashed in <paramref name="neighbourHash"/> only in the blanked word (or a hash collision).</summary>
    public List<LogTemplate>? Siblings(ulong neighbourHash) => siblings.GetValueOrDefault(neighbourHash);

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
        if (Array.IndexOf(template.Kinds, TokenKind.WordSlot) >= 0)
        {
            var hash = HashOf(template.TokenArray, template.Kinds, -1);
            slotSkeletons[hash] = slotSkeletons.GetValueOrDefault(hash) + 1;
        }

        foreach (var key in NeighbourHashes(template.TokenArray, template.Kinds))
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
        if (Array.IndexOf(template.Kinds, TokenKind.WordSlot) >= 0)
        {
            var hash = HashOf(template.TokenArray, template.Kinds, -1);
            if (slotSkeletons.TryGetValue(hash, out var count) && --count > 0)
            {
                slotSkeletons[hash] = count;
            }
            else
            {
                slotSkeletons.Remove(hash);
            }
        }

        foreach (var key in NeighbourHashes(template.TokenArray, template.Kinds))
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
