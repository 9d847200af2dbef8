using System.Buffers;
using Microsoft.Data.Sqlite;
using Vigil.Core.Series;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Series;

/// <summary>
/// The series index: all of it in memory (id → key array, key → id dictionary, label postings), persisted in the
/// <c>series</c> table and rebuilt from it on open. New series are written in one transaction per
/// <see cref="Resolve"/> call before they become visible, so an id the engine sees is always durable.
/// </summary>
internal sealed class SqliteSeriesIndex : ISeriesIndex, IDisposable
{
    public const string Schema = "CREATE TABLE IF NOT EXISTS series(id INTEGER PRIMARY KEY, labels BLOB NOT NULL);";

    private readonly SqliteDatabase _database;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _createGate = new();
    private readonly Dictionary<Labels, int> _byLabels = [];
    private readonly Dictionary<string, LabelPostings> _postings = new(StringComparer.Ordinal);
    private SeriesKey[] _byId = new SeriesKey[1024];
    private int _maxId;

    public SqliteSeriesIndex(SqliteDatabase database)
    {
        _database = database;
        Load();
    }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _byLabels.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Resolve(IReadOnlyList<SeriesKey> keys, Span<SeriesId> ids)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(ids.Length, keys.Count, nameof(ids));
        List<int>? missing = null;
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (_byLabels.TryGetValue(keys[i].Labels, out var id))
                {
                    ids[i] = new SeriesId(id);
                }
                else
                {
                    (missing ??= []).Add(i);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        if (missing is not null)
        {
            Create(keys, ids, missing);
        }
    }

    public bool TryGet(SeriesId id, out SeriesKey key)
    {
        _lock.EnterReadLock();
        try
        {
            if (id.Value <= _maxId && _byId[id.Value - 1].Labels is not null)
            {
                key = _byId[id.Value - 1];
                return true;
            }
            key = default;
            return false;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<SeriesEntry> Find(IReadOnlyList<LabelMatcher> matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        _lock.EnterReadLock();
        try
        {
            var positives = new List<int[]>();
            var negatives = new List<int[]>();
            foreach (var matcher in matchers)
            {
                if (!matcher.MatchesEmpty)
                {
                    var set = Postings(matcher, matching: true);
                    if (set.Length == 0)
                    {
                        return [];
                    }
                    positives.Add(set);
                }
                else
                {
                    // A matcher that accepts "" accepts series without the label: remove the ones it refuses.
                    var set = Postings(matcher, matching: false);
                    if (set.Length > 0)
                    {
                        negatives.Add(set);
                    }
                }
            }
            positives.Sort(static (a, b) => a.Length.CompareTo(b.Length));
            var result = positives.Count > 0 ? positives[0] : AllIds();
            for (var i = 1; i < positives.Count && result.Length > 0; i++)
            {
                result = PostingsMath.Intersect(result, positives[i]);
            }
            foreach (var negative in negatives)
            {
                result = PostingsMath.Subtract(result, negative);
            }
            var entries = new SeriesEntry[result.Length];
            for (var i = 0; i < result.Length; i++)
            {
                entries[i] = new SeriesEntry(new SeriesId(result[i]), _byId[result[i] - 1]);
            }
            return entries;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<string> LabelNames()
    {
        _lock.EnterReadLock();
        try
        {
            var names = _postings.Keys.ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<string> LabelValues(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _lock.EnterReadLock();
        try
        {
            if (!_postings.TryGetValue(name, out var label))
            {
                return [];
            }
            var values = label.Values.Keys.ToArray();
            Array.Sort(values, StringComparer.Ordinal);
            return values;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Approximate managed bytes of the postings (lists and their arrays), for the memory figure.</summary>
    internal long PostingsMemoryBytes()
    {
        _lock.EnterReadLock();
        try
        {
            long bytes = 0;
            foreach (var label in _postings.Values)
            {
                foreach (var list in label.Values.Values)
                {
                    bytes += list.MemoryBytes;
                }
            }
            return bytes;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Create(IReadOnlyList<SeriesKey> keys, Span<SeriesId> ids, List<int> missing)
    {
        lock (_createGate)
        {
            // Another caller may have created some of them since the first look; a batch may repeat a key.
            var created = new List<(int Id, SeriesKey Key)>();
            var pending = new Dictionary<Labels, int>();
            _lock.EnterReadLock();
            try
            {
                foreach (var i in missing)
                {
                    var labels = keys[i].Labels;
                    if (_byLabels.TryGetValue(labels, out var id) || pending.TryGetValue(labels, out id))
                    {
                        ids[i] = new SeriesId(id);
                        continue;
                    }
                    id = _maxId + created.Count + 1;
                    pending.Add(labels, id);
                    created.Add((id, keys[i]));
                    ids[i] = new SeriesId(id);
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }
            if (created.Count == 0)
            {
                return;
            }

            Persist(created);

            _lock.EnterWriteLock();
            try
            {
                foreach (var (id, key) in created)
                {
                    AddToMemory(id, key.Labels.AsSpan());
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    private void Persist(List<(int Id, SeriesKey Key)> created)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var lease = _database.Write();
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO series(id, labels) VALUES($id, $labels)";
        var idParameter = command.Parameters.Add("$id", SqliteType.Integer);
        var labelsParameter = command.Parameters.Add("$labels", SqliteType.Blob);
        command.Prepare();
        foreach (var (id, key) in created)
        {
            idParameter.Value = id;
            labelsParameter.Value = LabelsBlob.Encode(key.Labels, buffer);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private void Load()
    {
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, labels FROM series ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            var blob = (byte[])reader.GetValue(1);
            if (id is <= 0 or > int.MaxValue || !LabelsBlob.TryDecode(blob, out var labels) || labels.Length == 0)
            {
                throw new InvalidDataException($"series table of {_database.Path}: row {id} holds an unreadable label set");
            }
            AddToMemory((int)id, labels);
        }
    }

    // Caller holds the write lock (or is the constructor).
    private void AddToMemory(int id, ReadOnlySpan<Label> labels)
    {
        var canonical = new Label[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var (name, value) = labels[i];
            if (!_postings.TryGetValue(name, out var label))
            {
                label = new LabelPostings(name);
                _postings.Add(name, label);
            }
            if (!label.Values.TryGetValue(value, out var list))
            {
                list = new PostingList(value);
                label.Values.Add(value, list);
            }
            list.Add(id);
            // Shared string instances: a value used by 10,000 series is held once.
            canonical[i] = new Label(label.Name, list.Value);
        }
        var key = SeriesKey.Create(Labels.FromValidatedSorted(canonical));
        if (id > _byId.Length)
        {
            Array.Resize(ref _byId, Math.Max(id, _byId.Length * 2));
        }
        _byId[id - 1] = key;
        _byLabels.Add(key.Labels, id);
        _maxId = Math.Max(_maxId, id);
    }

    private int[] Postings(LabelMatcher matcher, bool matching)
    {
        if (!_postings.TryGetValue(matcher.Name, out var label))
        {
            return [];
        }
        var exact = matcher.Type switch
        {
            Vigil.Core.Series.LabelMatchType.Equal when matching => matcher.Value,
            Vigil.Core.Series.LabelMatchType.NotEqual when !matching => matcher.Value,
            _ => null,
        };
        if (exact is not null)
        {
            return label.Values.TryGetValue(exact, out var list) ? list.Ids.ToArray() : [];
        }
        // Regex or negation: union over the values the matcher accepts (resp. refuses). A series has one value
        // per name, so the lists are disjoint and a sort of their concatenation is their union.
        var total = 0;
        var chosen = new List<PostingList>();
        foreach (var list in label.Values.Values)
        {
            if (matcher.Matches(list.Value) == matching)
            {
                chosen.Add(list);
                total += list.Count;
            }
        }
        var result = new int[total];
        var at = 0;
        foreach (var list in chosen)
        {
            list.Ids.CopyTo(result.AsSpan(at));
            at += list.Count;
        }
        if (chosen.Count > 1)
        {
            Array.Sort(result);
        }
        return result;
    }

    private int[] AllIds()
    {
        var result = new int[_byLabels.Count];
        var n = 0;
        for (var i = 0; i < _maxId; i++)
        {
            if (_byId[i].Labels is not null)
            {
                result[n++] = i + 1;
            }
        }
        return result;
    }
}
