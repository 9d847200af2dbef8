namespace Vigil.Detection.Robust;

/// <summary>
/// The series' all-time extremes and how many points have sat exactly on them: a value the series has pinned to
/// many times (CPU at 100 %, a full disk, a counter at its cap) is a ceiling, not a record, however long ago it was
/// last there. The record and range models relax towards recent levels, so without this a series that returns to its
/// ceiling after a quiet week reads as breaking a record.
/// </summary>
internal sealed class SaturationModel
{
    private double _top;
    private double _bottom;
    private int _topHits;
    private int _bottomHits;
    private long _n;

    /// <summary>
    /// Learns <paramref name="x"/> and says whether it sits exactly on an all-time extreme that at least
    /// <paramref name="hits"/> earlier points sat on.
    /// </summary>
    public bool Observe(double x, int hits)
    {
        if (_n++ == 0)
        {
            _top = _bottom = x;
            _topHits = _bottomHits = 1;
            return false;
        }
        var pinned = (x == _top && _topHits >= hits) || (x == _bottom && _bottomHits >= hits);
        if (x > _top)
        {
            _top = x;
            _topHits = 1;
        }
        else if (x == _top)
        {
            _topHits = (int)Math.Min(_topHits + 1L, int.MaxValue);
        }
        if (x < _bottom)
        {
            _bottom = x;
            _bottomHits = 1;
        }
        else if (x == _bottom)
        {
            _bottomHits = (int)Math.Min(_bottomHits + 1L, int.MaxValue);
        }
        return pinned;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_top);
        writer.Write(_bottom);
        writer.Write(_topHits);
        writer.Write(_bottomHits);
        writer.Write(_n);
    }

    public void Read(BinaryReader reader)
    {
        _top = reader.ReadDouble();
        _bottom = reader.ReadDouble();
        _topHits = reader.ReadInt32();
        _bottomHits = reader.ReadInt32();
        _n = reader.ReadInt64();
    }

    public const int StateBytes = 32;
}
