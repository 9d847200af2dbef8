using Vigil.Detection.Ensemble;
using Vigil.Detection.Internal;
using Vigil.Detection.Robust;

namespace Vigil.Detection.Contextual;

/// <summary>
/// Contextual detection: how unlikely the current (quantised) value is after the previous few, under counts of
/// what followed each context so far (<see cref="ContextModel"/>), calibrated over the series' own surprises.
/// Finds values that are ordinary alone but not in sequence, e.g. a missing daily peak.
/// </summary>
public sealed class ContextualDetector : IStreamingDetector
{
    private const byte Kind = 5;
    private const byte Version = 1;
    private readonly RobustModel _baseline = new(64);
    private readonly ContextModel _context = new();
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
        if (!s.Ready)
        {
            return DetectionResult.Unknown(s.Expected);
        }
        var surprise = _context.Observe(value, s.Expected, s.Scale);
        return Calibration.Result(Calibration.ScoreFromTail(_calibrator.Observe(surprise), 10), s, 3);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        _baseline.Write(writer);
        _context.Write(writer);
        _calibrator.Write(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        _baseline.Read(reader);
        _context.Read(reader);
        _calibrator.Read(reader);
    }
}
