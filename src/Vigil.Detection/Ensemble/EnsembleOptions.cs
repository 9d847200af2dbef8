namespace Vigil.Detection.Ensemble;

/// <summary>Settings of the default ensemble. The defaults are the one configuration Vigil ships and is scored with.</summary>
public sealed record EnsembleOptions
{
    /// <summary>Points in the robust window (median and IQR).</summary>
    public int Window { get; init; } = 64;

    /// <summary>Points of memory of the score calibrators.</summary>
    public int CalibrationMemory { get; init; } = 2000;

    /// <summary>Where the exponential tail of the calibrators starts, in standard deviations of log-surprise.</summary>
    public double TailSigmas { get; init; } = 1.5;

    /// <summary>−log₁₀ of the tail probability that maps to a score of 1.</summary>
    public double ScoreDecades { get; init; } = 10;

    /// <summary>After a score, later points within this many points report only if they score higher.</summary>
    public int RefractoryPoints { get; init; } = 300;

    /// <summary>Points before the ensemble reports anything.</summary>
    public int WarmUpPoints { get; init; } = 100;

    /// <summary>Half-width of the normal band, in noise-scale units.</summary>
    public double BandWidth { get; init; } = 3;

    /// <summary>Within the refractory period a point reports only if it beats the last peak by this factor.</summary>
    public double RefractoryMargin { get; init; } = 1.25;

    /// <summary>Which models take part (bit 0 robust, 1 CUSUM, 2 context, 3 seasonal, 4 range): for ablation studies.</summary>
    internal int Mask { get; init; } = 185;

    /// <summary>Throws when a setting is out of range.</summary>
    public EnsembleOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(CalibrationMemory, 10);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TailSigmas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ScoreDecades);
        ArgumentOutOfRangeException.ThrowIfNegative(RefractoryPoints);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmUpPoints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BandWidth);
        return this;
    }
}
