using Vigil.Core.Series;

namespace Vigil.Simulation.Generation;

/// <summary>One scraped value: a counter's running total or a gauge's value.</summary>
/// <param name="Key">The series (Prometheus name and job/instance/service/host labels).</param>
/// <param name="Value">The value.</param>
public readonly record struct MetricPoint(SeriesKey Key, double Value);
