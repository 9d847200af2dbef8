using System.Text.Json;
using Vigil.Logs.Formats;
using Vigil.Testing;

namespace Vigil.Logs.Tests.Formats;

public sealed class LogFormatTests
{
    [Fact]
    public void TryParse_HdfsLine_SplitsHeaderAndContent()
    {
        var format = LogFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>");
        Assert.True(format.TryParse("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_3 terminating", out var line));
        Assert.Equal("PacketResponder 1 for block blk_3 terminating", line.Content);
        Assert.Equal("148", line.GetField("Pid"));
        Assert.Equal("dfs.DataNode$PacketResponder", line.GetField("Component"));
        Assert.Equal(LineFormat.Custom, line.Format);
    }

    [Fact]
    public void TryParse_EscapedBracketsAndRunsOfSpaces_Match()
    {
        var format = LogFormat.Parse("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>");
        Assert.True(format.TryParse("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200", out var line));
        Assert.Equal("INFO", line.GetField("Level"));
        Assert.Equal("Notification time out: 3200", line.Content);
    }

    [Fact]
    public void TryParse_OptionalGroup_UsesTheRegularExpression()
    {
        var format = LogFormat.Parse("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>");
        Assert.True(format.TryParse("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0", out var line));
        Assert.Equal("sshd(pam_unix)", line.GetField("Component"));
        Assert.Equal("19939", line.GetField("PID"));
        Assert.Equal("authentication failure; logname= uid=0", line.Content);
        Assert.True(format.TryParse("Jun 14 15:16:02 combo kernel: no pid here", out var noPid));
        Assert.Equal("", noPid.GetField("PID"));
    }

    [Fact]
    public void TryParse_HeaderMissing_ReturnsFalse()
    {
        var format = LogFormat.Parse("<Date> <Time> <Level> <Component>: <Content>");
        Assert.False(format.TryParse("\tat org.example.Foo.bar(Foo.java:12)", out _));
        Assert.False(format.TryParse("", out _));
    }

    [Theory]
    [InlineData("<Date> <Time>")]
    [InlineData("<Content> <Content>")]
    [InlineData("(<Content>")]
    public void Parse_InvalidFormat_Throws(string format) => Assert.Throws<FormatException>(() => LogFormat.Parse(format));

    [Fact]
    public void Parse_EveryLoghubFormat_CompilesAndParsesItsFile()
    {
        var root = SharedData.RequireDirectory("datasets/loghub");
        var formats = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(root, "formats.json")))!;
        Assert.Equal(16, formats.Count);
        foreach (var (system, text) in formats)
        {
            var format = LogFormat.Parse(text);
            var log = Path.Combine(root, system, $"{system}_2k.log");
            if (File.Exists(log))
            {
                Assert.All(File.ReadLines(log), l => Assert.True(format.TryParse(l, out _), $"{system}: {l}"));
            }
        }
    }

    [Fact]
    public void TryParse_SpanMatcher_AgreesWithTheRegularExpressionOnLoghub()
    {
        var root = SharedData.RequireDirectory("datasets/loghub");
        var formats = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(root, "formats.json")))!;
        foreach (var (system, text) in formats)
        {
            var spans = LogFormat.Parse(text);
            var regex = LogFormat.Parse(text, allowSpans: false);
            var log = Path.Combine(root, system, $"{system}_2k.log");
            if (!File.Exists(log))
            {
                continue;
            }
            foreach (var line in File.ReadLines(log).Append("").Append("x").Append(" garbage : : :"))
            {
                var a = spans.TryParse(line, out var viaSpans);
                var b = regex.TryParse(line, out var viaRegex);
                Assert.Equal(b, a);
                if (a)
                {
                    Assert.Equal(viaRegex!.Fields, viaSpans!.Fields);
                }
            }
        }
    }
}
