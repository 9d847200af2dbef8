namespace Vigil.Detection.Internal;

/// <summary>Maps tail probabilities to scores.</summary>
internal static class Calibration
{
    /// <summary>−log₁₀ <paramref name="p"/> / <paramref name="decades"/>, clamped to [0, 1].</summary>
    public static double ScoreFromTail(double p, double decades) =>
        Math.Clamp(-Math.Log10(Math.Max(p, 1e-300)) / decades, 0, 1);

    /// <summary>The result for a model's surprise: score plus the band expected ± width × scale.</summary>
    public static DetectionResult Result(double score, in Surprise s, double width) =>
        new(score, s.Expected, s.Expected - (width * s.Scale), s.Expected + (width * s.Scale));
}
