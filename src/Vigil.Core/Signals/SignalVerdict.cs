namespace Vigil.Core.Signals;

/// <summary>What a person said about a signal.</summary>
public enum SignalVerdict
{
    /// <summary>Not a problem: the detector should not flag the like of it again.</summary>
    FalsePositive,
    /// <summary>A real problem: the detector should keep flagging the like of it.</summary>
    Confirmed,
}
