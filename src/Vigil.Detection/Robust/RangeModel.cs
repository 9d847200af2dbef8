using Vigil.Detection.Internal;

namespace Vigil.Detection.Robust;

/// <summary>
/// Long-horizon range novelty: a sorted sample of one point in every <c>stride</c> over a long horizon gives the
/// series' usual range; the surprise is how far a value lies outside the [1 %, 99 %] quantiles, in units of
/// the inter-quartile range. Values inside the usual range score 0, however far they are from the local level.
/// </summary>
/// <remarks>
/// Which point of each block of <c>stride</c> is sampled is a hash of the block's index, not a fixed offset: with a
/// fixed offset a stride that divides the series' period (4 points and an hourly series' 24) samples the same
/// phases every day and never sees a spike that always comes at another. The sample is kept in single precision:
/// it only sets a band, and 800 values then take 6.4 KB.
/// </remarks>
internal sealed class RangeModel
{
    private readonly SortedWindow<float> _window;
    private readonly int _stride;
    private readonly ulong _salt;
    private long _seen;

    /// <param name="capacity">Values in the sample.</param>
    /// <param name="stride">One point in this many is sampled.</param>
    /// <param name="salt">Changes which point of each block is sampled (evaluation only: the spread of a score over draws).</param>
    public RangeModel(int capacity, int stride, ulong salt = 0)
    {
        _window = new SortedWindow<float>(capacity);
        _stride = stride;
        _salt = salt;
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
        if (_seen % _stride == SampledOffset((ulong)(_seen / _stride) + _salt, _stride))
        {
            _window.Add(x);
        }
        _seen++;
        return surprise;
    }

    /// <summary>The offset sampled in block <paramref name="block"/>: a Fibonacci hash of the block index.</summary>
    private static long SampledOffset(ulong block, int stride) =>
        (long)(((block + 1) * 0x9E3779B97F4A7C15UL) >> 40) % stride;

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
