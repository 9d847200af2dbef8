using Vigil.Detection.Ensemble;
using Vigil.Detection.Internal;

namespace Vigil.Detection.Seasonal;

/// <summary>
/// A seasonal model on its own: finds the period (daily, weekly or any other, at any sampling interval, irregular
/// timestamps tolerated), keeps a per-phase profile and scores residuals from it, calibrated over the series'
/// own residuals. Scores 0 until a period is found.
/// </summary>
public sealed class SeasonalDetector : IStreamingDetector
{
    private const byte Kind = 3;
    private const byte Version = 2; // 2: the profile's bins are single-precision offsets from a reference level
    private readonly SeasonalModel _model = new();
    private readonly TailCalibrator _calibrator = new(2000, 1.5);

    /// <inheritdoc />
    public string Name => "seasonal";

    /// <summary>The detected period, or <see cref="TimeSpan.Zero"/> while none is found.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(_model.Period);

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(double.NaN);
        }
        var s = _model.Observe(timestamp.Ticks, value);
        if (!s.Ready)
        {
            return DetectionResult.Unknown(s.Expected);
        }
        return Calibration.Result(Calibration.ScoreFromTail(_calibrator.Observe(s.Value), 10), s, 3);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        _model.Write(writer);
        _calibrator.Write(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        _model.Read(reader);
        _calibrator.Read(reader);
    }
}
