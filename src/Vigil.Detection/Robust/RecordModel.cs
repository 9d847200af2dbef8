namespace Vigil.Detection.Robust;

/// <summary>
/// Record-breaking: the series' extremes so far, relaxing slowly towards its centre so that an old excursion does
/// not hide new ones forever. The surprise is how far a value breaks the record, as a fraction of the range
/// between the extremes. Most operational anomalies in public benchmarks are values the series has never shown
/// before; on a stable series new records grow rarer as history grows, so this signal is both sensitive and quiet.
/// </summary>
internal sealed class RecordModel
{
    private const int MinPoints = 16;
    private const int RateMemory = 2000;
    private readonly double _relax;
    private double _high;
    private double _low;
    private long _n;

    /// <param name="memory">Points over which an extreme relaxes towards the centre by a factor e.</param>
    public RecordModel(int memory) => _relax = 1.0 / memory;

    private double _rate = 0.02; // prior: one record in fifty points, until the series shows its own rate

    /// <summary>Tail probability of the last surprise: the series' own record rate, times e^(−surprise/τ).</summary>
    public double TailProbability(double surprise, double tau) => surprise <= 0 ? 1 : _rate * Math.Exp(-surprise / tau);

    public double High => _high;

    public double Low => _low;

    public double Observe(double x, double centre)
    {
        if (_n++ < MinPoints)
        {
            _high = _n == 1 ? x : Math.Max(_high, x);
            _low = _n == 1 ? x : Math.Min(_low, x);
            return 0;
        }
        var range = Math.Max(_high - _low, 1e-9 * (1 + Math.Abs(centre)));
        var surprise = Math.Max(0, Math.Max(x - _high, _low - x)) / range;
        _rate += Math.Max(1.0 / (_n + 50), 1.0 / RateMemory) * ((surprise > 0 ? 1.0 : 0.0) - _rate);
        _high = Math.Max(_high - (_relax * Math.Max(_high - centre, 0)), x);
        _low = Math.Min(_low + (_relax * Math.Max(centre - _low, 0)), x);
        return surprise;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_high);
        writer.Write(_low);
        writer.Write(_n);
        writer.Write(_rate);
    }

    public void Read(BinaryReader reader)
    {
        _high = reader.ReadDouble();
        _low = reader.ReadDouble();
        _n = reader.ReadInt64();
        _rate = reader.ReadDouble();
    }

    public const int StateBytes = 32;
}
