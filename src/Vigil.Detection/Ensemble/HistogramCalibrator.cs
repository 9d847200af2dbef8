namespace Vigil.Detection.Ensemble;

/// <summary>
/// Non-parametric tail probability of a surprise under the series' own recent surprises: surprises are binned on a
/// log scale into an exponentially decaying histogram; the tail probability is the decayed share of past surprises
/// at least as large, and beyond the largest seen it falls off exponentially. Unlike a parametric tail it gets
/// mixtures right: a spike that recurs every day keeps a tail probability near its own frequency.
/// </summary>
/// <remarks>
/// Decay is lazy: each new count weighs 1/(1 − α) more than the last, and the bins are rescaled when the weight
/// grows large, so an update is O(1) and a query one pass over the bins above the surprise.
/// </remarks>
internal sealed class HistogramCalibrator
{
    public const int Bins = 64;
    private const double BinWidth = 0.125; // in log(1 + surprise): 64 bins reach a surprise of e^8 ≈ 3000
    private const double TailDecay = 0.25; // beyond the largest surprise seen, p falls by e per 0.25 of log-surprise
    private const double PriorCount = 1;

    private readonly float[] _counts = new float[Bins];
    private readonly double _growth;
    private double _weight = 1;
    private double _total;
    private int _top = -1;

    public HistogramCalibrator(int memory) => _growth = 1.0 / (1.0 - (1.0 / memory));

    /// <summary>Tail probability of <paramref name="surprise"/> (0 unless <paramref name="query"/>), then learns from it.</summary>
    public double Observe(double surprise, bool query = true)
    {
        var y = Math.Log(1 + Math.Max(surprise, 0));
        var pos = y / BinWidth;
        var bin = (int)Math.Min(pos, Bins - 1);
        double p;
        if (!query)
        {
            p = 0;
        }
        else if (bin > _top)
        {
            var beyond = (y - ((_top + 1) * BinWidth)) / TailDecay;
            p = PriorCount / (_total + PriorCount) * Math.Exp(-Math.Max(beyond, 0));
        }
        else
        {
            var above = 0.0;
            for (var b = bin + 1; b <= _top; b++)
            {
                above += _counts[b];
            }
            var within = _counts[bin] * (1 - (pos - bin));
            p = (above + within + PriorCount) / (_total + PriorCount);
        }

        _counts[bin] += (float)_weight;
        _total += _weight;
        _top = Math.Max(_top, bin);
        _weight *= _growth;
        if (_weight > 1e20)
        {
            Rescale();
        }
        return Math.Min(p, 1);
    }

    private void Rescale()
    {
        var f = 1 / _weight;
        _total = 0;
        for (var b = 0; b < Bins; b++)
        {
            _counts[b] = (float)(_counts[b] * f);
            _total += _counts[b];
        }
        _weight = 1;
    }

    public void Write(BinaryWriter writer)
    {
        foreach (var c in _counts)
        {
            writer.Write(c);
        }
        writer.Write(_weight);
        writer.Write(_total);
        writer.Write(_top);
    }

    public void Read(BinaryReader reader)
    {
        for (var b = 0; b < Bins; b++)
        {
            _counts[b] = reader.ReadSingle();
        }
        _weight = reader.ReadDouble();
        _total = reader.ReadDouble();
        _top = reader.ReadInt32();
        if (_top is < -1 or >= Bins)
        {
            throw new InvalidDataException("Calibrator state out of range.");
        }
    }

    public const int StateBytes = (Bins * 4) + 20;
}
