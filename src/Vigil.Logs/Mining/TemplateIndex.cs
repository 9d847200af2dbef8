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

    public static string KeyOf(string[] tokens, TokenKind[] kinds)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (kinds[i] == TokenKind.Word)
            {
                builder.Append(tokens[i]).Append('\u001f');
            }
        }
        return builder.ToString();
    }

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
    }
}
