namespace Vigil.Forecasting.Capacity;

/// <summary>Where a series stands against its limit.</summary>
public enum ExhaustionOutcome
{
    /// <summary>The latest value is already at or past the limit.</summary>
    AlreadyExceeded,

    /// <summary>The limit is more likely than not crossed within the horizon looked at.</summary>
    Expected,

    /// <summary>Crossing within the horizon is possible but less likely than not.</summary>
    Possible,

    /// <summary>No meaningful chance (below 1%) of crossing within the horizon.</summary>
    NotExpected,
}
