using Vigil.Logs.Masking;

namespace Vigil.Logs.Mining;

/// <summary>
/// Templates grouped by shape: the token count and the plain words at their positions. A message only ever joins a template
/// of its own group, so plain words are never generalized and the search looks at a handful of candidates.
/// </summary>
/// <remarks>
/// This replaces Drain's fixed-depth prefix tree: the tree keys on the first tokens, so a variable first token that is a word
/// splits templates, and it over-merges messages that differ in one word ("VM Started", "VM Paused").
/// </remarks>
internal sealed class TemplateIndex
{
    private readonly Dictionary<string, List<LogTemplate>> groups = new(StringComparer.Ordinal);

    public int GroupCount => groups.Count;

    public static string KeyOf(string[] tokens)
    {
        var builder = new System.Text.StringBuilder();
        builder.Append(tokens.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var token in tokens)
        {
            builder.Append('\u001f');
            if (VariableMasker.IsPlainWord(token))
            {
                builder.Append(token);
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
