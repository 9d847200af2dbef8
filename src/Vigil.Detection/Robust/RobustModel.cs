using Vigil.Detection.Internal;

namespace Vigil.Detection.Robust;

/// <summary>
/// Robust windowed statistics: the median and inter-quartile range of the last points. The surprise is the
/// robust z-score |x − median| / (IQR / 1.349), with a floor on the scale from the long-run absolute deviation so
/// that flat or quantised series (IQR = 0) do not turn every small step into an infinite score.
/// </summary>
internal sealed class RobustModel
{
    private readonly SortedWindow<double> _window;
    private readonly int _minPoints;
    private double _longDeviation;
    private double _lastScale;

    public RobustModel(int window)
    {
        _window = new SortedWindow<double>(window);
        _minPoints = Math.Max(8, window / 4);
    }

    public double Median => _window.Median;

    public double Scale => _lastScale;

    public Surprise Observe(double x)
    {
        if (_window.Count < _minPoints)
        {
            _window.Add(x);
            var m = _window.Median;
            return new Surprise(0, m, 0, false);
        }
        var median = _window.Median;
        var iqrScale = (_window.Quantile(0.75) - _window.Quantile(0.25)) / 1.349;
        var scale = Math.Max(iqrScale, Math.Max(0.5 * _longDeviation, 1e-9 * (1 + Math.Abs(median))));
        _lastScale = scale;
        var dev = Math.Abs(x - median);
        var z = dev / scale;
        _longDeviation += 0.01 * (Math.Min(dev, 10 * scale) - _longDeviation);
        _window.Add(x);
        return new Surprise(z, median, scale, true);
    }

    public void Write(BinaryWriter writer)
    {
        _window.Write(writer);
        writer.Write(_longDeviation);
        writer.Write(_lastScale);
    }

    public void Read(BinaryReader reader)
    {
        _window.Read(reader);
        _longDeviation = reader.ReadDouble();
        _lastScale = reader.ReadDouble();
    }

    public int StateBytes => _window.StateBytes + 16;
}
