namespace Vigil.Detection.Robust;

/// <summary>
/// Excursion duration: how long the series has stayed off its usual level, against the longest it has ever stayed
/// off. A point is off when the robust or the long-range model puts it in its outer 2.5 % (and, once a period is
/// known, the seasonal model as well in its outer 5 %: the daily high phase of a square wave is not an excursion);
/// an excursion is a run of such points on the same side of the level, and one ordinary point inside it does not end
/// it. A bursty series shows bursts of a few points all the time, each of them marginal; the burst that lasts longer
/// than any before (a stuck job, a failing sensor that drifts off and stays) is what an operator wants to hear about,
/// even when no single point of it is extreme. A run of at least <see cref="MinLength"/> points longer than the
/// longest earlier excursion is evidence that grows with the excess, weighted, like a record, by how often the series
/// runs past its duration record. The record takes an excursion in when it ends, and relaxes slowly, so an old long
/// excursion does not hide new ones forever.
/// </summary>
internal sealed class ExcursionModel
{
    public const double OffTail = 0.025; // "off": the robust or range tail below 2.5 % (NAB, mean of 16 draws: 2–4 % within 0.5, 1.5 % −0.9)
    public const double SeasonalOffTail = 0.05; // with a period, the seasonal tail too (NAB: 2–10 % within 0.15; without it −1.5: a daily square wave's every edge is an excursion)
    public const int MinLength = 4; // NAB: 3–6 within 0.2
    private const int Gap = 1; // ordinary points tolerated inside an excursion (NAB: 0–2 level)
    private const double Scale = 0.5; // a run longer than the record by half of it divides the tail by e (NAB: 0.25–1 within 0.15; 2, or a flat tail, loses a window: −1.0)
    private const int Relax = 30000; // as the record and spike-density models
    private const int RateMemory = 2000;

    private ushort _length; // saturates at 65 535 points (45 days at one minute)
    private byte _gap;
    private sbyte _direction;
    private float _longest;
    private float _rate = 0.02f; // prior: a new duration record every fifty points, until the series shows its own rate

    /// <summary>
    /// Takes whether the newest point is off its level (<paramref name="off"/>) and on which side
    /// (<paramref name="direction"/>, −1 or +1), and <paramref name="points"/>, the points seen so far; returns the tail
    /// probability of the current excursion's duration (1 unless it breaks the series' record with at least
    /// <see cref="MinLength"/> points). Nothing is scored, nor is the record rate learned, until
    /// <paramref name="scoring"/>.
    /// </summary>
    public double Observe(bool off, int direction, long points, bool scoring)
    {
        if (off && (_length == 0 || direction == _direction))
        {
            _length = (ushort)Math.Min(_length + 1, ushort.MaxValue);
            _gap = 0;
            _direction = (sbyte)direction;
        }
        else if (_length > 0 && ++_gap > Gap)
        {
            // The excursion is over and joins the record (the record is of earlier excursions, so the evidence grows
            // with the excess; a record that followed the run scored 0.1 lower and wavered with every constant);
            // an off point on the other side starts the next one.
            _longest = Math.Max(_longest, _length);
            _length = (ushort)(off ? 1 : 0);
            _gap = 0;
            _direction = (sbyte)direction;
        }
        var p = 1.0;
        if (scoring)
        {
            var broke = _length > _longest + 0.5;
            if (broke && _length >= MinLength)
            {
                p = _rate * Math.Exp(-(_length - _longest) / (Scale * _longest));
            }
            _rate += (float)(Math.Max(1.0 / (points + 50), 1.0 / RateMemory) * ((broke ? 1.0 : 0.0) - _rate));
        }
        _longest = (float)(_longest * (1 - (1.0 / Relax)));
        return p;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_length);
        writer.Write(_gap);
        writer.Write(_direction);
        writer.Write(_longest);
        writer.Write(_rate);
    }

    public void Read(BinaryReader reader)
    {
        _length = reader.ReadUInt16();
        _gap = reader.ReadByte();
        _direction = reader.ReadSByte();
        _longest = reader.ReadSingle();
        _rate = reader.ReadSingle();
        if (_gap > Gap || _direction is < -1 or > 1 || !(_longest >= 0) || !(_rate is >= 0 and <= 1))
        {
            throw new InvalidDataException("Excursion model state out of range.");
        }
    }

    public const int StateBytes = 12;
}
