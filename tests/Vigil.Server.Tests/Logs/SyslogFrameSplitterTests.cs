using System.Text;
using Vigil.Server.Logs;

namespace Vigil.Server.Tests.Logs;

/// <summary>RFC 6587 framing: octet counting and newlines, per frame, whatever the read boundaries.</summary>
public sealed class SyslogFrameSplitterTests
{
    private const int Max = 64;

    private static List<string> Split(string stream, int chunk)
    {
        var splitter = new SyslogFrameSplitter(Max);
        var frames = new List<SyslogFrame>();
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            splitter.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), frames);
        }
        splitter.Complete(frames);
        return [.. frames.Select(f => f.Bytes is null ? "!" + f.RejectReason : Encoding.UTF8.GetString(f.Bytes))];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Push_MixedFraming_SameFramesWhateverTheChunks(int chunk)
    {
        var stream = "<13>one\n11 <13>two\nxyz<14>three\n";
        Assert.Equal(["<13>one", "<13>two\nxyz", "<14>three"], Split(stream, chunk));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Push_OversizedNewlineFrame_SkippedToNextNewline(int chunk)
    {
        var stream = "<13>" + new string('x', 200) + "\n<13>after\n";
        Assert.Equal(["!oversized", "<13>after"], Split(stream, chunk));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Push_OversizedOctetCount_SkipsExactlyThatMany(int chunk)
    {
        var body = new string('y', 100);
        var stream = $"100 {body}9 <13>after";
        Assert.Equal(["!oversized", "<13>after"], Split(stream, chunk));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Push_DigitsThatAreNoCount_DroppedToNewline(int chunk)
    {
        Assert.Equal(["!malformed_frame", "<13>ok"], Split("123456789012345 junk\n<13>ok\n", chunk));
        Assert.Equal(["!malformed_frame", "<13>ok"], Split("12x junk\n<13>ok\n", chunk));
    }

    [Fact]
    public void Complete_TrailingLineWithoutNewline_IsAFrame_TruncatedCountIsNot()
    {
        Assert.Equal(["<13>last"], Split("<13>last", 1000));
        Assert.Equal(["!truncated_frame"], Split("20 <13>short", 1000));
    }

    [Fact]
    public void Push_BlankLines_Ignored()
    {
        Assert.Equal(["<13>a", "<13>b"], Split("\n\n<13>a\n\n<13>b\n", 1000));
    }
}
