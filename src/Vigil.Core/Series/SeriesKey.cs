namespace Vigil.Core.Series;

/// <summary>
/// The identity of a time series: a label set that holds a valid metric name in <c>__name__</c>.
/// Two keys are equal when their label sets are.
/// </summary>
public readonly struct SeriesKey : IEquatable<SeriesKey>
{
    private SeriesKey(Labels labels, string metricName)
    {
        Labels = labels;
        MetricName = metricName;
    }

    /// <summary>All labels, <c>__name__</c> included.</summary>
    public Labels Labels { get; }

    /// <summary>The metric name.</summary>
    public string MetricName { get; }

    /// <summary>
    /// Whether the metric is a counter by Prometheus's naming (<c>_total</c>, <c>_count</c>, <c>_sum</c>, <c>_bucket</c>):
    /// such a series only grows, so its anomalies are in its per-second rate.
    /// </summary>
    public bool IsCounter =>
        MetricName.EndsWith("_total", StringComparison.Ordinal) || MetricName.EndsWith("_count", StringComparison.Ordinal)
        || MetricName.EndsWith("_sum", StringComparison.Ordinal) || MetricName.EndsWith("_bucket", StringComparison.Ordinal);

    /// <summary>A stable 64-bit hash (see <see cref="Labels.StableHash"/>).</summary>
    public ulong Hash => Labels.StableHash;

    /// <summary>The shard this series belongs to among <paramref name="shardCount"/>: <c>hash mod S</c>.</summary>
    public int ShardOf(int shardCount) => (int)(Hash % (ulong)shardCount);

    /// <summary>A key from a label set; it must hold a valid metric name.</summary>
    public static bool TryCreate(Labels labels, out SeriesKey key, out LabelError error)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var name = labels.MetricName;
        if (name is null)
        {
            key = default;
            error = new(LabelErrorKind.MissingMetricName);
            return false;
        }
        key = new SeriesKey(labels, name);
        error = default;
        return true;
    }

    /// <summary>A key from a label set; throws when it has no metric name.</summary>
    public static SeriesKey Create(Labels labels) =>
        TryCreate(labels, out var key, out var error) ? key : throw new ArgumentException(error.Message, nameof(labels));

    /// <summary>Parses Prometheus notation, e.g. <c>http_requests_total{job="api"}</c>.</summary>
    public static SeriesKey Parse(string text)
    {
        var matchers = SeriesSelector.Parse(text);
        var labels = new List<Label>(matchers.Count);
        foreach (var m in matchers)
        {
            if (m.Type != LabelMatchType.Equal)
            {
                throw new FormatException($"a series key takes only = matchers: {m}");
            }
            labels.Add(new Label(m.Name, m.Value));
        }
        return Create(Labels.From(labels.ToArray()));
    }

    /// <inheritdoc/>
    public bool Equals(SeriesKey other) => Labels == other.Labels;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SeriesKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Labels?.GetHashCode() ?? 0;

    /// <summary>Equality.</summary>
    public static bool operator ==(SeriesKey left, SeriesKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SeriesKey left, SeriesKey right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Labels?.ToString() ?? "";
}
