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
            // 1. Candidates from postings: intersect the equality matchers' lists, smallest first; without any,
            //    the union over the values the most selective other matcher accepts.
            // 2. Every other matcher becomes a set of accepted value instances (values are canonical strings, so
            //    a reference set), tested against each candidate's label: work per candidate, not per series.
            var equal = new List<PostingList>();
            var rest = new List<LabelMatcher>();
            foreach (var matcher in matchers)
            {
                if (matcher.Type == Vigil.Core.Series.LabelMatchType.Equal && matcher.Value.Length > 0)
                {
                    if (!_postings.TryGetValue(matcher.Name, out var label) || !label.Values.TryGetValue(matcher.Value, out var list))
                    {
                        return [];
                    }
                    equal.Add(list);
                }
                else
                {
                    rest.Add(matcher);
                }
            }

            var filters = new List<(string Name, HashSet<string> Accepted, bool AcceptsAbsent)>(rest.Count);
            List<PostingList>? smallestUnion = null;
            var smallestTotal = long.MaxValue;
            foreach (var matcher in rest)
            {
                var accepted = new HashSet<string>(ReferenceEqualityComparer.Instance);
                var lists = new List<PostingList>();
                long total = 0;
                if (_postings.TryGetValue(matcher.Name, out var label))
                {
                    foreach (var list in label.Values.Values)
                    {
                        if (matcher.Matches(list.Value))
                        {
                            accepted.Add(list.Value);
                            lists.Add(list);
                            total += list.Count;
                        }
                    }
                }
                var acceptsAbsent = matcher.MatchesEmpty;
                if (!acceptsAbsent && accepted.Count == 0)
                {
                    return [];
                }
                filters.Add((matcher.Name, accepted, acceptsAbsent));
                if (!acceptsAbsent && total < smallestTotal)
                {
                    smallestTotal = total;
                    smallestUnion = lists;
                }
            }

            int[] candidates;
            if (equal.Count > 0)
            {
                equal.Sort(static (a, b) => a.Count.CompareTo(b.Count));
                candidates = equal[0].Ids.ToArray();
                for (var i = 1; i < equal.Count && candidates.Length > 0; i++)
                {
                    candidates = PostingsMath.Intersect(candidates, equal[i].Ids);
                }
            }
            else if (smallestUnion is not null)
            {
                // A series has one value per name, so the lists are disjoint: their sorted concatenation is the union.
                candidates = new int[smallestTotal];
                var at = 0;
                foreach (var list in smallestUnion)
                {
                    list.Ids.CopyTo(candidates.AsSpan(at));
                    at += list.Count;
                }
                Array.Sort(candidates);
            }
            else
            {
                candidates = AllIds(); // every matcher accepts "": the interface forbids it, but answer correctly
            }

            var entries = new List<SeriesEntry>(Math.Min(candidates.Length, 1024));
            foreach (var id in candidates)
            {
                var key = _byId[id - 1];
                var keep = true;
                foreach (var (name, accepted, acceptsAbsent) in filters)
                {
                    var value = key.Labels.Get(name);
                    if (value is null ? !acceptsAbsent : !accepted.Contains(value))
                    {
                        keep = false;
                        break;
                    }
                }
                if (keep)
                {
                    entries.Add(new SeriesEntry(new SeriesId(id), key));
                }
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
