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

    /// <summary>Points over which the series' extremes relax towards its centre by a factor e (record model).</summary>
    public int RecordMemory { get; init; } = 30000;

    /// <summary>Record-break size, as a fraction of the series' range, that divides the record's tail probability by e.</summary>
    public double RecordScale { get; init; } = 0.03;

    /// <summary>−log₁₀ of the (corrected) tail probability that maps to a score of 1.</summary>
    public double ScoreDecades { get; init; } = 4;

    /// <summary>
    /// Time constant, in points, of the refractory bar: after a reported score the bar starts at that score and
    /// decays by a factor e every this many points; only scores above <see cref="RefractoryMargin"/> × bar are reported.
    /// </summary>
    public int RefractoryPoints { get; init; } = 150;

    /// <summary>How much a score must beat the decaying refractory bar to be reported.</summary>
    public double RefractoryMargin { get; init; } = 1.25;

    /// <summary>Points before the ensemble reports anything.</summary>
    public int WarmUpPoints { get; init; } = 100;

    /// <summary>Half-width of the normal band, in noise-scale units.</summary>
    public double BandWidth { get; init; } = 3;

    /// <summary>Throws when a setting is out of range.</summary>
    public EnsembleOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(CalibrationMemory, 10);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TailSigmas);
        ArgumentOutOfRangeException.ThrowIfLessThan(RecordMemory, 10);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RecordScale);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ScoreDecades);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RefractoryPoints);
        ArgumentOutOfRangeException.ThrowIfLessThan(RefractoryMargin, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmUpPoints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BandWidth);
        return this;
    }
}
