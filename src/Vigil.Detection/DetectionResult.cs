namespace Vigil.Detection;

/// <summary>What a detector says about one point.</summary>
/// <param name="Score">How anomalous the point is, in [0, 1]; comparable across series for the calibrated detectors.</param>
/// <param name="Expected">The value the detector expected at this point.</param>
/// <param name="Lower">Lower edge of the normal band.</param>
/// <param name="Upper">Upper edge of the normal band.</param>
public readonly record struct DetectionResult(double Score, double Expected, double Lower, double Upper)
{
    /// <summary>The score on Elastic's 0–100 severity scale.</summary>
    public int Severity => Detection.Severity.FromScore(Score);

    /// <summary>Whether the value lies outside the band.</summary>
    public bool IsOutsideBand(double value) => value < Lower || value > Upper;

    /// <summary>A result for a point the detector could not judge (warm-up or missing value).</summary>
    public static DetectionResult Unknown(double expected) => new(0, expected, expected, expected);
}
