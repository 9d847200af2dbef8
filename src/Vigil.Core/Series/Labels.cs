using System.Buffers;
using System.Collections;
using System.IO.Hashing;
using System.Text;

namespace Vigil.Core.Series;

/// <summary>
/// An immutable label set in the Prometheus data model: labels sorted by name (ordinal), names unique,
/// values non-empty (an empty value means the label is absent, as in Prometheus). Equal sets are equal values.
/// </summary>
public sealed class Labels : IEquatable<Labels>, IReadOnlyList<Label>
{
    private readonly Label[] _labels;
    private readonly ulong _hash;

    /// <summary>The empty set.</summary>
    public static Labels Empty { get; } = new([]);

    private Labels(Label[] sortedUnique)
    {
        _labels = sortedUnique;
        _hash = ComputeHash(sortedUnique);
    }

    /// <summary>Builds a set from labels in any order; empty values are dropped. Throws on invalid or duplicate names.</summary>
    public static Labels From(params ReadOnlySpan<Label> labels)
    {
        if (!TryFrom(labels, out var result, out var error))
        {
            throw new ArgumentException(error.Message, nameof(labels));
        }
        return result;
    }

    /// <summary>Builds a set from name/value pairs: <c>Labels.From("__name__", "up", "job", "api")</c>.</summary>
    public static Labels From(params ReadOnlySpan<string> namesAndValues)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(namesAndValues.Length % 2, 0, nameof(namesAndValues));
        var list = new Label[namesAndValues.Length / 2];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new Label(namesAndValues[2 * i], namesAndValues[(2 * i) + 1]);
        }
        return From(list);
    }

    /// <summary>Builds a set from labels in any order; empty values are dropped.</summary>
    /// <returns>False with <paramref name="error"/> set when a name is invalid or repeated.</returns>
    public static bool TryFrom(ReadOnlySpan<Label> labels, out Labels result, out LabelError error)
    {
        var list = new List<Label>(labels.Length);
        foreach (var label in labels)
        {
            if (label.Name == Label.MetricName)
            {
                if (!LabelNames.IsValidMetricName(label.Value))
                {
                    result = Empty;
                    error = label.Value.Length == 0 ? new(LabelErrorKind.MissingMetricName) : new(LabelErrorKind.InvalidMetricName, label.Name, label.Value);
                    return false;
                }
            }
            else if (!LabelNames.IsValidLabelName(label.Name) || label.Name.StartsWith("__", StringComparison.Ordinal))
            {
                result = Empty;
                error = new(LabelErrorKind.InvalidLabelName, label.Name);
                return false;
            }
            if (label.Value.Length > 0)
            {
                list.Add(label);
            }
        }
        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Name == list[i - 1].Name)
            {
                result = Empty;
                error = new(LabelErrorKind.DuplicateLabelName, list[i].Name);
                return false;
            }
        }
        result = list.Count == 0 ? Empty : new Labels([.. list]);
        error = default;
        return true;
    }

    /// <summary>
    /// Wraps labels that the caller has already validated, sorted by name and freed of empty values
    /// (decoders do this while they read). Not checked again: use <see cref="TryFrom"/> for untrusted input.
    /// </summary>
    public static Labels FromValidatedSorted(Label[] sortedUnique) => sortedUnique.Length == 0 ? Empty : new Labels(sortedUnique);

    /// <summary>The value of <paramref name="name"/>, or null when the set has no such label.</summary>
    public string? this[string name] => Get(name);

    /// <summary>The value of <paramref name="name"/>, or null when the set has no such label.</summary>
    public string? Get(string name)
    {
        int lo = 0, hi = _labels.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_labels[mid].Name, name);
            if (c == 0)
            {
                return _labels[mid].Value;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return null;
    }

    /// <summary>The metric name (<c>__name__</c>), or null.</summary>
    public string? MetricName => Get(Label.MetricName);

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> (removed when the value is empty).</summary>
    public Labels With(string name, string value)
    {
        var list = new List<Label>(_labels.Length + 1);
        foreach (var l in _labels)
        {
            if (l.Name != name)
            {
                list.Add(l);
            }
        }
        list.Add(new Label(name, value));
        return From(list.ToArray());
    }

    /// <summary>A copy without <paramref name="name"/>.</summary>
    public Labels Without(string name) => Get(name) is null ? this : FromValidatedSorted(Array.FindAll(_labels, l => l.Name != name));

    /// <summary>A 64-bit hash of the set, stable across processes and versions (XxHash3 of <c>name 0xff value 0xff …</c>).</summary>
    public ulong StableHash => _hash;

    /// <inheritdoc/>
    public int Count => _labels.Length;

    /// <inheritdoc/>
    public Label this[int index] => _labels[index];

    /// <summary>The labels as a span, sorted by name.</summary>
    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <inheritdoc/>
    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._hash != _hash || other._labels.Length != _labels.Length)
        {
            return false;
        }
        return _labels.AsSpan().SequenceEqual(other._labels);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Labels);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)_hash ^ (int)(_hash >> 32);

    /// <summary>Equality of two sets.</summary>
    public static bool operator ==(Labels? left, Labels? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality of two sets.</summary>
    public static bool operator !=(Labels? left, Labels? right) => !(left == right);

    /// <summary>Prometheus notation: <c>metric{a="1", b="2"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var name = MetricName;
        sb.Append(name);
        var first = true;
        foreach (var l in _labels)
        {
            if (l.Name == Label.MetricName)
            {
                continue;
            }
            sb.Append(first ? "{" : ", ");
            first = false;
            sb.Append(l.ToString());
        }
        if (!first)
        {
            sb.Append('}');
        }
        else if (name is null)
        {
            sb.Append("{}");
        }
        return sb.ToString();
    }

    private static ulong ComputeHash(Label[] labels)
    {
        if (labels.Length == 0)
        {
            return 0;
        }
        var length = 0;
        foreach (var l in labels)
        {
            length += Encoding.UTF8.GetMaxByteCount(l.Name.Length) + Encoding.UTF8.GetMaxByteCount(l.Value.Length) + 2;
        }
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented ?? stackalloc byte[1024];
        var n = 0;
        foreach (var l in labels)
        {
            n += Encoding.UTF8.GetBytes(l.Name, buffer[n..]);
            buffer[n++] = 0xff;
            n += Encoding.UTF8.GetBytes(l.Value, buffer[n..]);
            buffer[n++] = 0xff;
        }
        var hash = XxHash3.HashToUInt64(buffer[..n]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return hash;
    }
}
