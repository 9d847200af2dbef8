namespace Vigil.Detection;

/// <summary>Severity bands, with the same cut-offs as Elastic's anomaly detection.</summary>
public enum SeverityBand
{
    /// <summary>Below 3: nothing to report.</summary>
    None,

    /// <summary>3 to 24.</summary>
    Warning,

    /// <summary>25 to 49.</summary>
    Minor,

    /// <summary>50 to 74.</summary>
    Major,

    /// <summary>75 and above.</summary>
    Critical,
}

/// <summary>Maps a detector score in [0, 1] to a 0–100 severity and its band.</summary>
public static class Severity
{
    /// <summary>Lowest severity of the critical band.</summary>
    public const int Critical = 75;

    /// <summary>Lowest severity of the major band.</summary>
    public const int Major = 50;

    /// <summary>Lowest severity of the minor band.</summary>
    public const int Minor = 25;

    /// <summary>Lowest severity of the warning band.</summary>
    public const int Warning = 3;

    /// <summary>The severity of <paramref name="score"/>: 100 × score, rounded, clamped to 0–100; NaN gives 0.</summary>
    public static int FromScore(double score) =>
        double.IsNaN(score) ? 0 : (int)Math.Round(Math.Clamp(score, 0, 1) * 100, MidpointRounding.AwayFromZero);

    /// <summary>The band that <paramref name="severity"/> falls in.</summary>
    public static SeverityBand ToBand(int severity) => severity switch
    {
        >= Critical => SeverityBand.Critical,
        >= Major => SeverityBand.Major,
        >= Minor => SeverityBand.Minor,
        >= Warning => SeverityBand.Warning,
        _ => SeverityBand.None,
    };
}
