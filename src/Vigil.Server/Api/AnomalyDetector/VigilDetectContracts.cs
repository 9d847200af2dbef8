namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>The body of <c>POST /api/v1/detect</c>.</summary>
/// <param name="Points">The series, timestamps not going backwards; a value of <c>"NaN"</c> marks a missing point.</param>
/// <param name="Detector">A detector of the catalog (vigil, robust, seasonal, spectral, cusum, contextual); vigil when absent.</param>
/// <param name="Threshold">The score from which a point is flagged, in (0, 1]; the default detector's calibrated threshold when absent.</param>
public sealed record VigilDetectRequest(IReadOnlyList<VigilDetectPoint>? Points, string? Detector = null, double? Threshold = null);

/// <summary>One posted point.</summary>
/// <param name="Timestamp">RFC 3339.</param>
/// <param name="Value">The measurement.</param>
public sealed record VigilDetectPoint(DateTimeOffset? Timestamp, double? Value);

/// <summary>The detector's verdict on every posted point, in order.</summary>
/// <param name="Detector">The detector that ran.</param>
/// <param name="Threshold">The score threshold applied.</param>
/// <param name="Points">One element per posted point.</param>
public sealed record VigilDetectResponse(string Detector, double Threshold, IReadOnlyList<VigilDetectedPoint> Points);

/// <summary>What the detector said about one point, seeing only that point and those before it (streaming, no look-ahead).</summary>
/// <param name="Timestamp">As posted.</param>
/// <param name="Value">As posted.</param>
/// <param name="Score">0–1.</param>
/// <param name="Expected">The value the detector expected.</param>
/// <param name="Lower">Lower edge of the normal band.</param>
/// <param name="Upper">Upper edge of the normal band.</param>
/// <param name="Anomaly">Score at or above the threshold.</param>
/// <param name="Severity">0–100.</param>
/// <param name="Band">none, warning, minor, major or critical (Elastic's cut-offs).</param>
public sealed record VigilDetectedPoint(
    DateTimeOffset Timestamp, double Value, double Score, double Expected, double Lower, double Upper, bool Anomaly, int Severity, string Band);
