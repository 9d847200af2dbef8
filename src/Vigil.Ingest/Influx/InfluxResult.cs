using Vigil.Core.Ingest;

namespace Vigil.Ingest.Influx;

/// <summary>A decoded Influx line protocol body.</summary>
/// <param name="Batch">The validated samples, one entry per distinct series (<c>measurement_field</c> plus tags).</param>
/// <param name="Lines">Data lines read (comments and blank lines not counted).</param>
/// <param name="SkippedStringFields">String fields seen and skipped: Vigil stores numbers only.</param>
public sealed record InfluxResult(MetricBatch Batch, int Lines, int SkippedStringFields);
