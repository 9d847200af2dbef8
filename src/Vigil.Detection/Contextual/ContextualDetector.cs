using Vigil.Detection.Ensemble;
using Vigil.Detection.Internal;
using Vigil.Detection.Robust;

namespace Vigil.Detection.Contextual;

/// <summary>
/// Contextual, nearest-neighbour detection: the distance from the shape of the last few values (scaled to the
/// series' range) to the nearest shape in the remembered history (<see cref="NeighbourModel"/>), calibrated over
/// the series' own distances. Finds values that are ordinary alone but not in sequence: a missing daily peak, a
/// stuck sensor, spikes arriving faster than before.
/// </summary>
public sealed class ContextualDetector : IStreamingDetector
{
    private const byte Kind = 5;
    private const byte Version = 2;
    private readonly RobustModel _baseline = new(64);
    private readonly RecordModel _range = new(30000);
    private readonly NeighbourModel _neighbours = new(capacity: 256, stride: 4);
    private readonly TailCalibrator _calibrator = new(2000, 1.5);

    /// <inheritdoc />
    public string Name => "contextual";

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(_baseline.Median);
        }
        var s = _baseline.Observe(value);
        _range.Observe(value, s.Expected);
        var novelty = _neighbours.Observe(value, _range.Low, _range.High);
        if (!s.Ready)
        {
            return DetectionResult.Unknown(s.Expected);
        }
        return Calibration.Result(Calibration.ScoreFromTail(_calibrator.Observe(novelty), 10), s, 3);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        _baseline.Write(writer);
        _range.Write(writer);
        _neighbours.Write(writer);
        _calibrator.Write(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        _baseline.Read(reader);
        _range.Read(reader);
        _neighbours.Read(reader);
        _calibrator.Read(reader);
    }
}
