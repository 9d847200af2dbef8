namespace Vigil.Detection.Internal;

/// <summary>What one model says about a point before calibration.</summary>
/// <param name="Value">Non-negative surprise (e.g. a robust |z|); 0 when the model has nothing to say yet.</param>
/// <param name="Expected">The model's expected value.</param>
/// <param name="Scale">The model's noise scale around <paramref name="Expected"/>.</param>
/// <param name="Ready">Whether the model is warm enough for its surprise to count.</param>
internal readonly record struct Surprise(double Value, double Expected, double Scale, bool Ready);
