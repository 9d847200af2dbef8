using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// A table of metrics on a common time axis: one row per timestamp (unix seconds, ascending as given), one column per
/// (node, metric, statistic); a missing value is NaN. Immutable.
/// </summary>
public sealed class MetricFrame
{
    private readonly double[][] _values;
    private readonly FrozenDictionary<MetricColumn, int> _index;

    /// <summary>Builds a frame. <paramref name="values"/> holds one array per column, each as long as <paramref name="timestamps"/>.</summary>
    public MetricFrame(IReadOnlyList<double> timestamps, IReadOnlyList<MetricColumn> columns, IReadOnlyList<double[]> values)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Count, columns.Count, nameof(values));
        var index = new Dictionary<MetricColumn, int>();
        for (var c = 0; c < columns.Count; c++)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(values[c].Length, timestamps.Count, nameof(values));
            if (!index.TryAdd(columns[c], c))
            {
                throw new ArgumentException($"column {columns[c]} appears twice", nameof(columns));
            }
        }
        Timestamps = [.. timestamps];
        Columns = [.. columns];
        _values = [.. values.Select(static v => (double[])v.Clone())];
        _index = index.ToFrozenDictionary();
    }

    /// <summary>Row timestamps, unix seconds.</summary>
    public ImmutableArray<double> Timestamps { get; }

    /// <summary>The columns in file order.</summary>
    public ImmutableArray<MetricColumn> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Timestamps.Length;

    /// <summary>The values of <paramref name="column"/>, or false when the frame lacks it.</summary>
    public bool TryGetValues(MetricColumn column, out ReadOnlySpan<double> values)
    {
        if (_index.TryGetValue(column, out var c))
        {
            values = _values[c];
            return true;
        }
        values = default;
        return false;
    }

    /// <summary>True when the frame has <paramref name="column"/>.</summary>
    public bool Contains(MetricColumn column) => _index.ContainsKey(column);

    /// <summary>Rows <c>[start, end)</c> as a new frame.</summary>
    public MetricFrame Slice(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, RowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        return new MetricFrame(Timestamps[start..end], Columns, [.. _values.Select(v => v[start..end])]);
    }
}
