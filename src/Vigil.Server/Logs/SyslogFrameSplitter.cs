namespace Vigil.Server.Logs;

/// <summary>A frame cut from a syslog TCP stream, or the reason a stretch of it was dropped.</summary>
internal readonly record struct SyslogFrame(byte[]? Bytes, string? RejectReason);

/// <summary>
/// Cuts a syslog TCP stream into messages (RFC 6587): octet-counting (<c>LEN SP MSG</c>) when a frame starts with a
/// digit, newline-terminated otherwise, decided per frame as rsyslog does. Oversized frames are skipped whole (by their
/// count, or to the next newline) and reported; bytes that fit neither framing are dropped to the next newline.
/// </summary>
internal sealed class SyslogFrameSplitter(int maxFrameBytes)
{
    private const int MaxLengthDigits = 10;

    private readonly byte[] _buffer = new byte[maxFrameBytes + MaxLengthDigits + 2];
    private int _count;
    private long _skipBytes;
    private bool _skipToNewline;

    /// <summary>Feeds received bytes; whole frames and rejections go to <paramref name="output"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, List<SyslogFrame> output)
    {
        while (!data.IsEmpty)
        {
            if (_skipBytes > 0)
            {
                var n = (int)Math.Min(_skipBytes, data.Length);
                data = data[n..];
                _skipBytes -= n;
                continue;
            }
            if (_skipToNewline)
            {
                var newline = data.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return;
                }
                data = data[(newline + 1)..];
                _skipToNewline = false;
                continue;
            }
            var take = Math.Min(data.Length, _buffer.Length - _count);
            data[..take].CopyTo(_buffer.AsSpan(_count));
            _count += take;
            data = data[take..];
            Cut(output);
        }
    }

    /// <summary>The connection closed: a last newline-less frame counts as a message.</summary>
    public void Complete(List<SyslogFrame> output)
    {
        if (_count > 0 && !_skipToNewline && _skipBytes == 0)
        {
            var rest = _buffer.AsSpan(0, _count);
            if (rest[0] is >= (byte)'0' and <= (byte)'9')
            {
                output.Add(new SyslogFrame(null, "truncated_frame"));
            }
            else
            {
                output.Add(new SyslogFrame(rest.ToArray(), null));
            }
        }
        _count = 0;
    }

    private void Cut(List<SyslogFrame> output)
    {
        var start = 0;
        while (start < _count)
        {
            var span = _buffer.AsSpan(start, _count - start);
            if (span[0] is >= (byte)'0' and <= (byte)'9')
            {
                var space = span[..Math.Min(span.Length, MaxLengthDigits + 1)].IndexOf((byte)' ');
                if (space < 0)
                {
                    if (span.Length <= MaxLengthDigits)
                    {
                        break; // the length may still be arriving
                    }
                    start += Junk(span, output);
                    continue;
                }
                if (!long.TryParse(span[..space], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) || length == 0)
                {
                    start += Junk(span, output);
                    continue;
                }
                var available = span.Length - space - 1;
                if (length > maxFrameBytes)
                {
                    output.Add(new SyslogFrame(null, "oversized"));
                    if (available >= length)
                    {
                        start += space + 1 + (int)length;
                        continue;
                    }
                    _skipBytes = length - available;
                    start = _count;
                    break;
                }
                if (available < length)
                {
                    break;
                }
                output.Add(new SyslogFrame(span.Slice(space + 1, (int)length).ToArray(), null));
                start += space + 1 + (int)length;
            }
            else
            {
                var newline = span.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    if (span.Length > maxFrameBytes)
                    {
                        output.Add(new SyslogFrame(null, "oversized"));
                        _skipToNewline = true;
                        start = _count;
                    }
                    break;
                }
                if (newline > maxFrameBytes)
                {
                    output.Add(new SyslogFrame(null, "oversized"));
                }
                else if (newline > 0)
                {
                    output.Add(new SyslogFrame(span[..newline].ToArray(), null));
                }
                start += newline + 1;
            }
        }
        if (start > 0)
        {
            _buffer.AsSpan(start, _count - start).CopyTo(_buffer);
            _count -= start;
        }
    }

    /// <summary>Digits that are no octet count: drop to the next newline. Returns the bytes consumed.</summary>
    private int Junk(ReadOnlySpan<byte> span, List<SyslogFrame> output)
    {
        output.Add(new SyslogFrame(null, "malformed_frame"));
        var newline = span.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            return newline + 1;
        }
        _skipToNewline = true;
        return span.Length;
    }
}
