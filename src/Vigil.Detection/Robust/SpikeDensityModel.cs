namespace Vigil.Detection.Robust;

/// <summary>
/// Spike density: how many separate spikes started within the last <see cref="Width"/> points, a spike being a run
/// of points the robust model calls rare (tail probability below 1 %). Spikes that each look ordinary can still
/// arrive faster than the series has ever shown (a retry storm, a flapping check); a count of at least
/// <see cref="MinSpikes"/> above the series' highest count so far is evidence of that, weighted, like a record, by
/// how often the series breaks its density record. The highest count relaxes slowly, so an old burst of spikes
/// does not hide new ones forever.
/// </summary>
internal sealed class SpikeDensityModel
{
    public const int Width = 16;
    public const int MinSpikes = 4;
    private const double Rare = 0.01;
    private const int Relax = 30000;
    private const int RateMemory = 2000;
    private ulong _starts;
    private bool _inSpike;
    private float _highest; // single precision and a 32-bit count: 12 bytes that pay for the excursion model's state
    private float _rate = 0.02f; // prior: a new density record every fifty points, until the series shows its own rate
    private int _n;

    /// <summary>
    /// Takes the robust model's tail probability for the newest point; returns the tail probability of the
    /// current spike density (1 unless it breaks the series' record with at least <see cref="MinSpikes"/> spikes).
    /// </summary>
    public double Observe(double robustTail)
    {
        var rare = robustTail < Rare;
        _starts = (_starts << 1) | (rare && !_inSpike ? 1UL : 0UL);
        _inSpike = rare;
        var count = System.Numerics.BitOperations.PopCount(_starts & ((1UL << Width) - 1));
        var p = 1.0;
        _n = (int)Math.Min(_n + 1L, int.MaxValue);
        if (_n > 2 * Width)
        {
            var broke = count > _highest + 0.5;
            if (broke && count >= MinSpikes)
            {
                p = _rate * Math.Exp(-(count - _highest));
            }
            _rate += (float)(Math.Max(1.0 / (_n + 50), 1.0 / RateMemory) * ((broke ? 1.0 : 0.0) - _rate));
        }
        _highest = (float)Math.Max(_highest * (1 - (1.0 / Relax)), count);
        return p;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_starts);
        writer.Write(_inSpike);
        writer.Write(_highest);
        writer.Write(_rate);
        writer.Write(_n);
    }

    public void Read(BinaryReader reader)
    {
        _starts = reader.ReadUInt64();
        _inSpike = reader.ReadBoolean();
        _highest = reader.ReadSingle();
        _rate = reader.ReadSingle();
        _n = reader.ReadInt32();
    }

    public const int StateBytes = 21;
}
