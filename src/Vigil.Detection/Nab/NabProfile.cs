namespace Vigil.Detection.Nab;

/// <summary>A NAB cost profile (NAB's <c>config/profiles.json</c>; the true-negative weight is unused by the scorer).</summary>
/// <param name="Name">Profile name as NAB spells it.</param>
/// <param name="TruePositive">Weight of a detected window.</param>
/// <param name="FalsePositive">Weight of a detection outside every window.</param>
/// <param name="FalseNegative">Weight of a missed window.</param>
public sealed record NabProfile(string Name, double TruePositive, double FalsePositive, double FalseNegative)
{
    /// <summary>NAB's standard profile.</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    /// <summary>Rewards detectors with few false positives.</summary>
    public static NabProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /// <summary>Rewards detectors with few false negatives.</summary>
    public static NabProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>The three profiles, in NAB's order.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
