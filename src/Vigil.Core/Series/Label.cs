namespace Vigil.Core.Series;

/// <summary>One label of a series: a name and a non-empty value.</summary>
/// <param name="Name">The label name, e.g. <c>job</c>; <c>__name__</c> holds the metric name.</param>
/// <param name="Value">The label value.</param>
public readonly record struct Label(string Name, string Value)
{
    /// <summary>The reserved label that holds the metric name.</summary>
    public const string MetricName = "__name__";

    /// <inheritdoc/>
    public override string ToString() => $"{Name}=\"{LabelNames.EscapeValue(Value)}\"";
}
