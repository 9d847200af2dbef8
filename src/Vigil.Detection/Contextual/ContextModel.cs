namespace Vigil.Detection.Contextual;

/// <summary>
/// Contextual surprise in the spirit of CAD OSE: values are quantised into <see cref="Levels"/> levels over an
/// adaptive range, and the model counts how often each level followed each context of the previous
/// <see cref="Order"/> levels. The surprise is −log₂ P(level | context) with add-λ smoothing: a value that is
/// ordinary on its own but never followed this context before is surprising. Byte counts halve when one saturates,
/// so old habits fade.
/// </summary>
internal sealed class ContextModel
{
    public const int Levels = 8;
    public const int Order = 3;
    private const int Contexts = Levels * Levels * Levels;
    private const double Smoothing = 0.1;

    private readonly byte[] _pairs = new byte[Contexts * Levels];
    private readonly ushort[] _totals = new ushort[Contexts];
    private int _context;
    private int _seen;
    private double _low = double.NaN;
    private double _high = double.NaN;

    public double Observe(double x, double median, double scale)
    {
        if (double.IsNaN(_low))
        {
            _low = x;
            _high = x;
        }
        // The range follows the extremes immediately and relaxes towards the robust centre slowly.
        _low = Math.Min(x, _low + (0.001 * (median - (4 * scale) - _low)));
        _high = Math.Max(x, _high + (0.001 * (median + (4 * scale) - _high)));
        var span = _high - _low;
        var level = span <= 0 ? 0 : Math.Clamp((int)((x - _low) / span * Levels), 0, Levels - 1);

        var surprise = 0.0;
        if (_seen >= Order)
        {
            var c = _pairs[(_context * Levels) + level];
            var t = _totals[_context];
            surprise = -Math.Log2((c + Smoothing) / (t + (Smoothing * Levels)));
            Count(level);
        }
        _context = ((_context * Levels) + level) % Contexts;
        _seen++;
        return surprise;
    }

    private void Count(int level)
    {
        var i = (_context * Levels) + level;
        if (_pairs[i] == byte.MaxValue)
        {
            _totals[_context] = 0;
            for (var l = 0; l < Levels; l++)
            {
                ref var p = ref _pairs[(_context * Levels) + l];
                p >>= 1;
                _totals[_context] += p;
            }
        }
        _pairs[i]++;
        _totals[_context]++;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_pairs);
        foreach (var t in _totals)
        {
            writer.Write(t);
        }
        writer.Write(_context);
        writer.Write(_seen);
        writer.Write(_low);
        writer.Write(_high);
    }

    public void Read(BinaryReader reader)
    {
        if (reader.Read(_pairs, 0, _pairs.Length) != _pairs.Length)
        {
            throw new EndOfStreamException();
        }
        for (var i = 0; i < _totals.Length; i++)
        {
            _totals[i] = reader.ReadUInt16();
        }
        _context = reader.ReadInt32();
        _seen = reader.ReadInt32();
        _low = reader.ReadDouble();
        _high = reader.ReadDouble();
        if (_context is < 0 or >= Contexts)
        {
            throw new InvalidDataException("Context state out of range.");
        }
    }

    public const int StateBytes = (Contexts * Levels) + (Contexts * 2) + 24;
}
