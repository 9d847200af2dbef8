using Vigil.Detection.Ensemble;
using Vigil.Detection.Internal;

namespace Vigil.Detection.Robust;

/// <summary>
/// Robust windowed statistics on their own: the robust z-score against the median and IQR of the last
/// <c>window</c> points, calibrated into a tail probability over the series' own recent z-scores. Good at spikes
/// and dips; a level shift scores at its onset, then becomes the new normal within half a window.
/// </summary>
public sealed class RobustDetector : IStreamingDetector
{
    private const byte Kind = 2;
    private const byte Version = 1;
    private readonly RobustModel _model;
    private readonly TailCalibrator _calibrator = new(2000, 1.5);

    /// <summary>A detector over the last <paramref name="window"/> points.</summary>
    public RobustDetector(int window = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 8);
        _model = new RobustModel(window);
    }

    /// <inheritdoc />
    public string Name => "robust";

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(_model.Median);
        }
        var s = _model.Observe(value);
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
