namespace Vigil.Core.Signals;

/// <summary>What an operator said about a signal.</summary>
public enum SignalVerdict
{
    /// <summary>Nothing was wrong: the detector should not have flagged it.</summary>
    FalsePositive,

    /// <summary>Something was really wrong.</summary>
    Confirmed,
}

/// <summary>An operator's verdict on one signal, identified by (<paramref name="Fingerprint"/>, <paramref name="Start"/>).</summary>
/// <param name="Fingerprint">The signal's fingerprint.</param>
/// <param name="Start">The signal's start.</param>
/// <param name="Verdict">False positive or confirmed.</param>
/// <param name="Actor">Who said it.</param>
/// <param name="Comment">Why, optionally.</param>
/// <param name="At">When it was said.</param>
public sealed record SignalFeedback(string Fingerprint, DateTimeOffset Start, SignalVerdict Verdict, string Actor, string? Comment, DateTimeOffset At);
