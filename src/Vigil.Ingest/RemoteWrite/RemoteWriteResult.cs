using Vigil.Core.Ingest;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>A decoded remote write request.</summary>
/// <param name="Batch">The validated samples, one entry per distinct series.</param>
/// <param name="IgnoredHistograms">Native histogram samples the request carried; Vigil does not store them yet.</param>
/// <param name="IgnoredExemplars">Exemplars the request carried; Vigil does not store them.</param>
public sealed record RemoteWriteResult(MetricBatch Batch, int IgnoredHistograms, int IgnoredExemplars);
