using Vigil.Detection.Internal;

namespace Vigil.Detection.Robust;

/// <summary>
/// Long-horizon range novelty: a sorted sample of every <c>stride</c>-th point over a long horizon gives the
/// series' usual range; the surprise is how far a value lies outside the [1 %, 99 %] quantiles, in units of
/// the inter-quartile range. Values inside the usual range score 0, however far they are from the local level.
/// </summary>
internal sealed class RangeModel
{
    private readonly SortedWindow _window;
    private readonly int _stride;
    private long _seen;

    public RangeModel(int capacity, int stride)
    {
        _window = new SortedWindow(capacity);
        _stride = stride;
    }

    public double Observe(double x)
    {
        var surprise = 0.0;
        if (_window.Count >= 32)
        {
            var lo = _window.Quantile(0.01);
            var hi = _window.Quantile(0.99);
            var iqr = _window.Quantile(0.75) - _window.Quantile(0.25);
            var scale = Math.Max(Math.Max(iqr, 0.1 * (hi - lo)), 1e-9 * (1 + Math.Abs(hi)));
            surprise = Math.Max(0, Math.Max(x - hi, lo - x)) / scale;
        }
        if (_seen++ % _stride == 0)
        {
            _window.Add(x);
        }
        return surprise;
    }

    public void Write(BinaryWriter writer)
    {
        _window.Write(writer);
        writer.Write(_seen);
    }

    public void Read(BinaryReader reader)
    {
        _window.Read(reader);
        _seen = reader.ReadInt64();
    }

    public int StateBytes => _window.StateBytes + 8;
}
