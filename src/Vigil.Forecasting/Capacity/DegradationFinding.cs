namespace Vigil.Forecasting.Capacity;

/// <summary>The verdict of <see cref="DegradationDetector"/>.</summary>
public enum DegradationOutcome
{
    /// <summary>No lasting change of trend.</summary>
    Stable,

    /// <summary>The series has started to climb (or climbs faster) since <see cref="DegradationFinding.ChangeIndex"/>.</summary>
    Degrading,

    /// <summary>The series has started to fall (or falls faster) since <see cref="DegradationFinding.ChangeIndex"/>.</summary>
    Recovering,
}

/// <summary>A change of trend in a series, with the projected time to its limit when one was given.</summary>
/// <param name="Outcome">The verdict.</param>
/// <param name="ChangeIndex">Index of the first point of the new trend (0 when stable).</param>
/// <param name="SlopeBefore">Trend per step before the change.</param>
/// <param name="SlopeAfter">Trend per step since the change.</param>
/// <param name="Score">The change of slope divided by its standard error.</param>
/// <param name="TimeToLimit">Projected time to the limit from the new trend, when a limit was given and the series is degrading.</param>
public sealed record DegradationFinding(
    DegradationOutcome Outcome,
    int ChangeIndex,
    double SlopeBefore,
    double SlopeAfter,
    double Score,
    ExhaustionEstimate? TimeToLimit);
