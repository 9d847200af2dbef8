namespace Vigil.Core.Signals;

/// <summary>Severity bands of a 0–100 severity, as Elastic's anomaly detection names them.</summary>
public enum SeverityBand
{
    /// <summary>Below 3: not worth showing.</summary>
    Low,
    /// <summary>3 to 24.</summary>
    Warning,
    /// <summary>25 to 49.</summary>
    Minor,
    /// <summary>50 to 74.</summary>
    Major,
    /// <summary>75 and above.</summary>
    Critical,
}

/// <summary>Helpers for 0–100 severities.</summary>
public static class Severity
{
    /// <summary>The band a severity falls in.</summary>
    public static SeverityBand ToBand(int severity) => severity switch
    {
        >= 75 => SeverityBand.Critical,
        >= 50 => SeverityBand.Major,
        >= 25 => SeverityBand.Minor,
        >= 3 => SeverityBand.Warning,
        _ => SeverityBand.Low,
    };

    /// <summary>The lowest severity of a band.</summary>
    public static int LowerBound(SeverityBand band) => band switch
    {
        SeverityBand.Critical => 75,
        SeverityBand.Major => 50,
        SeverityBand.Minor => 25,
        SeverityBand.Warning => 3,
        _ => 0,
    };
}
