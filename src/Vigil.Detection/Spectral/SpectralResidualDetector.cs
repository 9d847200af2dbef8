using Vigil.Detection.Ensemble;
using Vigil.Detection.Internal;
using Vigil.Detection.Robust;
using Vigil.Numerics;

namespace Vigil.Detection.Spectral;

/// <summary>
/// Spike detection with the spectral residual (Ren et al., "Time-Series Anomaly Detection Service at Microsoft",
/// KDD 2019): over the last <see cref="Points"/> values, padded with <see cref="Extension"/> more so the newest
/// point is not at the edge, the log amplitude spectrum minus its local average keeps what is
/// unexpected; transformed back, it is a saliency map whose value at the newest point, relative to the
/// saliency just before, is the surprise. Calibrated over the series' own surprises.
/// </summary>
public sealed class SpectralResidualDetector : IStreamingDetector
{
    private const byte Kind = 6;
    private const byte Version = 1;
    private const int Length = 64;
    private const int Extension = 5;
    private const int Points = Length - Extension;
    private const int LocalAverage = 21;

    private readonly double[] _ring = new double[Points];
    private readonly RobustModel _baseline = new(64);
    private readonly TailCalibrator _calibrator = new(2000, 1.5);
    private int _count;
    private int _head;

    /// <inheritdoc />
    public string Name => "spectral";

    /// <inheritdoc />
    public DetectionResult Update(DateTime timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return DetectionResult.Unknown(_baseline.Median);
        }
        var s = _baseline.Observe(value);
        _ring[_head] = value;
        _head = (_head + 1) % Points;
        _count = Math.Min(_count + 1, Points);
        if (_count < Points || !s.Ready)
        {
            return DetectionResult.Unknown(s.Expected);
        }
        var surprise = Saliency(s.Expected);
        return Calibration.Result(Calibration.ScoreFromTail(_calibrator.Observe(surprise), 10), s, 3);
    }

    private double Saliency(double centre)
    {
        Span<double> re = stackalloc double[Length];
        Span<double> im = stackalloc double[Length];
        for (var i = 0; i < Points; i++)
        {
            re[i] = _ring[(_head + i) % Points];
        }
        // Pad past the newest point so it is not at the edge of the window. The SR paper extrapolates from the
        // mean gradient, which drags a spike at the newest point into the padding and halves its saliency; padding
        // with the window's robust centre keeps the newest point alone.
        var next = centre;
        for (var i = Points; i < Length; i++)
        {
            re[i] = next;
        }
        im.Clear();
        Fft.Transform(re, im, inverse: false);

        Span<double> logAmplitude = stackalloc double[Length];
        Span<double> phaseRe = stackalloc double[Length];
        Span<double> phaseIm = stackalloc double[Length];
        for (var i = 0; i < Length; i++)
        {
            var amplitude = Math.Sqrt((re[i] * re[i]) + (im[i] * im[i]));
            logAmplitude[i] = Math.Log(amplitude + 1e-8);
            phaseRe[i] = amplitude > 1e-12 ? re[i] / amplitude : 1;
            phaseIm[i] = amplitude > 1e-12 ? im[i] / amplitude : 0;
        }
        for (var i = 0; i < Length; i++)
        {
            var average = 0.0;
            for (var k = -1; k <= 1; k++)
            {
                average += logAmplitude[Math.Clamp(i + k, 0, Length - 1)];
            }
            var residual = Math.Exp(logAmplitude[i] - (average / 3));
            re[i] = residual * phaseRe[i];
            im[i] = residual * phaseIm[i];
        }
        Fft.Transform(re, im, inverse: true);

        var newest = Magnitude(re, im, Points - 1);
        var local = 0.0;
        for (var i = Points - 1 - LocalAverage; i < Points - 1; i++)
        {
            local += Magnitude(re, im, i);
        }
        local /= LocalAverage;
        return local <= 1e-12 ? 0 : Math.Max(0, (newest - local) / local);
    }

    private static double Magnitude(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int i) =>
        Math.Sqrt((re[i] * re[i]) + (im[i] * im[i]));

    /// <inheritdoc />
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateIO.WriteHeader(writer, Kind, Version);
        StateIO.WriteArray(writer, _ring);
        writer.Write(_count);
        writer.Write(_head);
        _baseline.Write(writer);
        _calibrator.Write(writer);
    }

    /// <inheritdoc />
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateIO.ReadHeader(reader, Kind, Version);
        StateIO.ReadArray(reader, _ring);
        _count = reader.ReadInt32();
        _head = reader.ReadInt32();
        if (_count is < 0 or > Points || _head is < 0 or >= Points)
        {
            throw new InvalidDataException("Spectral state out of range.");
        }
        _baseline.Read(reader);
        _calibrator.Read(reader);
    }
}
