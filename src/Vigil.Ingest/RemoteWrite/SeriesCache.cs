using System.IO.Hashing;
using Vigil.Core.Ingest;
using Vigil.Core.Series;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>
/// Remembers the label sets of recently seen series by their raw protobuf bytes, so that a series Prometheus sends
/// every scrape is recognised with one hash and one byte comparison instead of being decoded, interned, validated and
/// hashed again. Only validated label sets go in, so a hit needs no validation beyond the limits, which are checked
/// against the current ones. Every decode hands back the same <see cref="Labels"/> instance for a series, which also
/// makes equality checks downstream a reference comparison.
/// </summary>
/// <remarks>
/// Two-way set-associative, fixed size, process-wide. Lock-free: slots hold immutable entries and are replaced by a
/// single reference write; a lost race only costs a later miss. Measured on the 100,000-series benchmark
/// (docs/benchmarks.md): decode time and allocation per request both roughly halve against decoding every label set.
/// </remarks>
internal sealed class SeriesCache
{
    private readonly Entry?[] _slots;
    private readonly int _mask;

    public SeriesCache(int slots)
    {
        if (!int.IsPow2(slots) || slots < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "must be a power of two, at least 2");
        }
        _slots = new Entry?[slots];
        _mask = slots - 1;
    }

    /// <summary>The cache every remote write decode shares: 2^18 slots (2 MiB of references), room for ~200,000 series.</summary>
    public static SeriesCache Shared { get; } = new(1 << 18);

    /// <summary>Finds the label set encoded by <paramref name="raw"/> when it is cached and within <paramref name="limits"/>.</summary>
    public bool TryGet(ReadOnlySpan<byte> raw, IngestLimits limits, out Labels labels, out string metric, out ulong hash)
    {
        hash = XxHash3.HashToUInt64(raw);
        var slot = (int)hash & _mask;
        var entry = Match(_slots[slot], raw, hash) ?? Match(_slots[slot ^ 1], raw, hash);
        if (entry is not null
            && entry.Labels.Count <= limits.MaxLabelsPerSeries
            && entry.LongestName <= limits.MaxLabelNameLength
            && entry.LongestValue <= limits.MaxLabelValueLength)
        {
            labels = entry.Labels;
            metric = entry.Metric;
            return true;
        }
        labels = Labels.Empty;
        metric = "";
        return false;
    }

    /// <summary>Remembers a validated label set under the hash <see cref="TryGet"/> computed for its raw bytes.</summary>
    public void Add(ReadOnlySpan<byte> raw, ulong hash, Labels labels, string metric)
    {
        int longestName = 0, longestValue = 0;
        foreach (var label in labels.AsSpan())
        {
            longestName = Math.Max(longestName, label.Name.Length);
            longestValue = Math.Max(longestValue, label.Value.Length);
        }
        var entry = new Entry(hash, raw.ToArray(), labels, metric, longestName, longestValue);
        var slot = (int)hash & _mask;
        // Fill the free way if there is one; otherwise evict the way the hash picks.
        if (_slots[slot] is not null && (_slots[slot ^ 1] is null || ((hash >> 32) & 1) == 1))
        {
            slot ^= 1;
        }
        _slots[slot] = entry;
    }

    private static Entry? Match(Entry? entry, ReadOnlySpan<byte> raw, ulong hash) =>
        entry is not null && entry.Hash == hash && raw.SequenceEqual(entry.Raw) ? entry : null;

    private sealed record Entry(ulong Hash, byte[] Raw, Labels Labels, string Metric, int LongestName, int LongestValue);
}
