using Vigil.Detection.Ensemble;
using Vigil.Detection.Internal;
using Vigil.Detection.Robust;

namespace Vigil.Detection.ChangePoint;

/// <summary>
/// Change-point detection with a two-sided CUSUM on robust z-scores (against the median and IQR of the last
/// points), calibrated over the series' own CUSUM values. Sensitive to sustained shifts of a fraction of the
/// noise, deaf to single spikes.
/// </summary>
public sealed class CusumDetector : IStreamingDetector
{
    private const byte Kind = 4;
    private const byte Version = 1;
    private readonly RobustModel _baseline = new(128);
    private readonly CusumModel _cusum = new(drift: 0.5, clip: 4);
    private readonly TailCalibrator _calibrator = new(2000, 1.5);

    /// <inheritdoc />
    public string Name => "cusum";

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(_baseline.Median);
        }
        var s = _baseline.Observe(value);
        if (!s.Ready)
        {
            return DetectionResult.Unknown(s.Expected);
        }
        var sum = _cusum.Observe((value - s.Expected) / s.Scale);
        return Calibration.Result(Calibration.ScoreFromTail(_calibrator.Observe(sum), 10), s, 3);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        _baseline.Write(writer);
        _cusum.Write(writer);
        _calibrator.Write(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        _baseline.Read(reader);
        _cusum.Read(reader);
        _calibrator.Read(reader);
    }
}
