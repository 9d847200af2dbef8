using System.Numerics;

namespace Vigil.Detection.Internal;

/// <summary>The last <c>capacity</c> values, kept both in arrival order and sorted, for O(1) quantiles.</summary>
/// <typeparam name="T"><see cref="double"/>, or <see cref="float"/> where half the state matters more than the
/// seventh significant digit (a long-horizon sample whose quantiles only set a band).</typeparam>
/// <remarks>Insert and evict are a binary search and one <see cref="Array.Copy(Array, int, Array, int, int)"/> each:
/// for 64–128 values that is a few tens of nanoseconds, cheaper than a heap pair with lazy deletion.</remarks>
internal sealed class SortedWindow<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _ring;
    private readonly T[] _sorted;
    private int _count;
    private int _head;

    public SortedWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _ring = new T[capacity];
        _sorted = new T[capacity];
    }

    public int Count => _count;

    public void Add(double x)
    {
        var value = T.CreateTruncating(x);
        if (_count == _ring.Length)
        {
            var old = _ring[_head];
            var at = LowerBound(old);
            Array.Copy(_sorted, at + 1, _sorted, at, _count - at - 1);
            _count--;
        }
        _ring[_head] = value;
        _head = _head + 1 == _ring.Length ? 0 : _head + 1;
        var pos = LowerBound(value);
        Array.Copy(_sorted, pos, _sorted, pos + 1, _count - pos);
        _sorted[pos] = value;
        _count++;
    }

    /// <summary>First index in the sorted values whose value is not below <paramref name="value"/>.</summary>
    private int LowerBound(T value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>The <paramref name="q"/>-quantile with linear interpolation; NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (_count == 0)
        {
            return double.NaN;
        }
        var h = (_count - 1) * q;
        var lo = (int)h;
        var hi = Math.Min(lo + 1, _count - 1);
        var a = double.CreateTruncating(_sorted[lo]);
        var b = double.CreateTruncating(_sorted[hi]);
        return a + ((h - lo) * (b - a));
    }

    public double Median => Quantile(0.5);

    public void Write(BinaryWriter writer)
    {
        writer.Write(_count);
        writer.Write(_head);
        StateIO.WriteArray<T>(writer, _ring);
        StateIO.WriteArray<T>(writer, _sorted);
    }

    public void Read(BinaryReader reader)
    {
        _count = reader.ReadInt32();
        _head = reader.ReadInt32();
        if (_count < 0 || _count > _ring.Length || _head < 0 || _head >= _ring.Length)
        {
            throw new InvalidDataException("Window state out of range.");
        }
        StateIO.ReadArray<T>(reader, _ring);
        StateIO.ReadArray<T>(reader, _sorted);
    }

    public int StateBytes => (2 * _ring.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) + 8;
}
