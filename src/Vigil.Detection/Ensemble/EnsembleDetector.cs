using Vigil.Detection.ChangePoint;
using Vigil.Detection.Contextual;
using Vigil.Detection.Internal;
using Vigil.Detection.Robust;
using Vigil.Detection.Seasonal;

namespace Vigil.Detection.Ensemble;

/// <summary>
/// Vigil's default detector. Four models look at each point: robust windowed statistics (spikes and dips), a
/// seasonal profile with automatic period detection (pattern breaks), CUSUM on robust z-scores (level shifts and
/// drifts) and a contextual sequence model (values that are normal alone but not after what came before). Each
/// model's surprise is calibrated into a tail probability over the series' own recent surprises
/// (<see cref="TailCalibrator"/>); the ensemble takes the smallest, Bonferroni-corrected, and reports
/// −log₁₀ p on a [0, 1] scale. A refractory period keeps one anomaly from being reported again and again:
/// within it only a stronger score gets through.
/// </summary>
public sealed class EnsembleDetector : IStreamingDetector
{
    private const byte Kind = 1;
    private const byte Version = 1;
    private const int Models = 7;

    internal static int RecordMemory = 30000;
    internal static int RangeCapacity = 256;
    internal static int RangeStride = 4;
    internal static double RecordTau = 0.03;
    private readonly EnsembleOptions _options;
    private readonly RobustModel _robust;
    private readonly SeasonalModel _seasonal = new();
    private readonly CusumModel _cusum = new(drift: 0.5, clip: 4);
    private readonly ContextModel _context = new();
    private readonly RangeModel _range = new(RangeCapacity, RangeStride);
    private readonly RecordModel _record = new(RecordMemory);
    private readonly NeighbourModel _neighbours = new(256, 4);
    private readonly TailCalibrator[] _calibrators;
    private long _points;
    private double _peak;
    private int _peakAge;
    private double _lastExpected;

    /// <summary>A detector with the default options.</summary>
    public EnsembleDetector()
        : this(new EnsembleOptions())
    {
    }

    /// <summary>A detector with <paramref name="options"/>.</summary>
    public EnsembleDetector(EnsembleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _robust = new RobustModel(options.Window);
        _calibrators = new TailCalibrator[Models];
        for (var i = 0; i < Models; i++)
        {
            _calibrators[i] = new TailCalibrator(options.CalibrationMemory, options.TailSigmas);
        }
    }

    internal double[] LastP { get; private set; } = [];

    /// <inheritdoc />
    public string Name => DetectorCatalog.Default;

    /// <summary>Bytes of learned state per series (what <see cref="WriteState"/> writes, give or take headers).</summary>
    public int StateBytes => _robust.StateBytes + SeasonalModel.StateBytes + CusumModel.StateBytes
        + ContextModel.StateBytes + _range.StateBytes + RecordModel.StateBytes + _neighbours.StateBytes + (Models * TailCalibrator.StateBytes) + 32;

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(_lastExpected);
        }
        var ticks = timestamp.Ticks;
        var robust = _robust.Observe(value);
        var seasonal = _seasonal.Observe(ticks, value);
        _points++;
        if (!robust.Ready)
        {
            _lastExpected = robust.Expected;
            return DetectionResult.Unknown(robust.Expected);
        }

        var signedZ = (value - robust.Expected) / robust.Scale;
        var p = 1.0;
        var mask = _options.Mask;
        var pr = _calibrators[0].Observe(robust.Value);
        var pc = _calibrators[1].Observe(_cusum.Observe(signedZ));
        var px = _calibrators[2].Observe(_context.Observe(value, robust.Expected, robust.Scale));
        var ps = seasonal.Ready ? _calibrators[3].Observe(seasonal.Value) : 1;
        if ((mask & 1) != 0) p = Math.Min(p, pr);
        if ((mask & 2) != 0) p = Math.Min(p, pc);
        if ((mask & 4) != 0) p = Math.Min(p, px);
        if ((mask & 8) != 0) p = Math.Min(p, ps);
        var pg = _calibrators[4].Observe(_range.Observe(value));
        if ((mask & 16) != 0) p = Math.Min(p, pg);
        var rk = _record.Observe(value, robust.Expected);
        var pk = (mask & 128) != 0 ? _record.TailProbability(rk, RecordTau) : _calibrators[5].Observe(rk);
        if ((mask & 32) != 0) p = Math.Min(p, pk);
        var pn = _calibrators[6].Observe(_neighbours.Observe(value, _record.Low, _record.High));
        if ((mask & 256) != 0) p = Math.Min(p, pn);
        LastP = [pr, pc, px, ps, pg, pk, pn];
        p = Math.Min(1, p * Models);
        var raw = Math.Clamp(-Math.Log10(Math.Max(p, 1e-300)) / _options.ScoreDecades, 0, 1);
        if ((mask & 64) != 0) raw = rk / (rk + 0.2);

        var fresh = raw > _peak * _options.RefractoryMargin;
        var score = fresh && _points > _options.WarmUpPoints ? raw : 0;
        if (fresh || ++_peakAge > _options.RefractoryPoints)
        {
            _peak = raw;
            _peakAge = 0;
        }

        var model = seasonal.Ready ? seasonal : robust;
        _lastExpected = model.Expected;
        var half = _options.BandWidth * model.Scale;
        return new DetectionResult(score, model.Expected, model.Expected - half, model.Expected + half);
    }

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        _robust.Write(writer);
        _seasonal.Write(writer);
        _cusum.Write(writer);
        _context.Write(writer);
        _range.Write(writer);
        _record.Write(writer);
        _neighbours.Write(writer);
        foreach (var c in _calibrators)
        {
            c.Write(writer);
        }
        writer.Write(_points);
        writer.Write(_peak);
        writer.Write(_peakAge);
        writer.Write(_lastExpected);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        _robust.Read(reader);
        _seasonal.Read(reader);
        _cusum.Read(reader);
        _context.Read(reader);
        _range.Read(reader);
        _record.Read(reader);
        _neighbours.Read(reader);
        foreach (var c in _calibrators)
        {
            c.Read(reader);
        }
        _points = reader.ReadInt64();
        _peak = reader.ReadDouble();
        _peakAge = reader.ReadInt32();
        _lastExpected = reader.ReadDouble();
    }
}
