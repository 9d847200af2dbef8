using System.Buffers;
using System.Text;
using Vigil.Core.Series;

namespace Vigil.Storage.Sqlite.Series;

/// <summary>A label set as a blob: for each label, varint byte length + UTF-8 name, then the same for the value.</summary>
internal static class LabelsBlob
{
    public static byte[] Encode(Labels labels, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        foreach (var label in labels.AsSpan())
        {
            WriteString(buffer, label.Name);
            WriteString(buffer, label.Value);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a blob into labels in stored (sorted) order; false when the blob is malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> blob, out Label[] labels)
    {
        var list = new List<Label>(8);
        var pos = 0;
        while (pos < blob.Length)
        {
            if (!TryReadString(blob, ref pos, out var name) || !TryReadString(blob, ref pos, out var value))
            {
                labels = [];
                return false;
            }
            list.Add(new Label(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value)));
        }
        labels = [.. list];
        return true;
    }

    public static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        buffer.Advance(n);
    }

    public static bool TryReadVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                return false;
            }
            var b = data[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }
        return false;
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string s)
    {
        var length = Encoding.UTF8.GetByteCount(s);
        WriteVarint(buffer, (ulong)length);
        var span = buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(s, span);
        buffer.Advance(length);
    }

    private static bool TryReadString(ReadOnlySpan<byte> data, ref int pos, out ReadOnlySpan<byte> s)
    {
        if (!TryReadVarint(data, ref pos, out var length) || length > (ulong)(data.Length - pos))
        {
            s = default;
            return false;
        }
        s = data.Slice(pos, (int)length);
        pos += (int)length;
        return true;
    }
}
