namespace Vigil.Storage.Sqlite.Series;

/// <summary>
/// The series ids that carry one label value, ascending (ids are handed out in ascending order, so appending keeps
/// the list sorted). Also holds the canonical instance of the value string, so every series shares it.
/// </summary>
internal sealed class PostingList(string value)
{
    private int[] _ids = new int[1];

    public string Value { get; } = value;

    public int Count { get; private set; }

    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    /// <summary>Managed bytes held (object + array), for the memory figure.</summary>
    public long MemoryBytes => 32 + 24 + (4L * _ids.Length);

    public void Add(int id)
    {
        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length < 8 ? _ids.Length * 2 : _ids.Length + (_ids.Length >> 1));
        }
        _ids[Count++] = id;
    }
}

/// <summary>The values of one label name and their postings; holds the canonical name string.</summary>
internal sealed class LabelPostings(string name)
{
    public string Name { get; } = name;

    public Dictionary<string, PostingList> Values { get; } = new(StringComparer.Ordinal);
}
