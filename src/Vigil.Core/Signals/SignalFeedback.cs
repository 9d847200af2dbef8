namespace Vigil.Core.Signals;

/// <summary>A person's verdict on one signal, as recorded.</summary>
/// <param name="Fingerprint">The signal's fingerprint.</param>
/// <param name="Start">The signal's start (with the fingerprint, its identity).</param>
/// <param name="Verdict">False positive or confirmed.</param>
/// <param name="Actor">Who said so.</param>
/// <param name="At">When it was said.</param>
/// <param name="Comment">Why, if they said.</param>
public sealed record SignalFeedback(string Fingerprint, DateTimeOffset Start, SignalVerdict Verdict, string Actor, DateTimeOffset At, string? Comment = null);
