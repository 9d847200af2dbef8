using Vigil.Logs.Formats;

namespace Vigil.Logs.Tests.Formats;

public sealed class LogSeverityTests
{
    [Theory]
    [InlineData("ERROR", LogSeverity.Error)]
    [InlineData("err", LogSeverity.Error)]
    [InlineData("FATAL", LogSeverity.Error)]
    [InlineData("[crit]", LogSeverity.Error)]
    [InlineData("E", LogSeverity.Error)]
    [InlineData("WARN", LogSeverity.Warning)]
    [InlineData("Warning", LogSeverity.Warning)]
    [InlineData("INFO", LogSeverity.Info)]
    [InlineData("Information", LogSeverity.Info)]
    [InlineData("notice", LogSeverity.Info)]
    [InlineData("DEBUG", LogSeverity.Debug)]
    [InlineData("3", LogSeverity.Error)]
    [InlineData("4", LogSeverity.Warning)]
    [InlineData("dfs.DataNode", LogSeverity.Unknown)]
    [InlineData("", LogSeverity.Unknown)]
    [InlineData("a-very-long-component-name", LogSeverity.Unknown)]
    public void Parse_LevelNames_Severity(string text, LogSeverity expected) => Assert.Equal(expected, LogSeverities.Parse(text));

    [Theory]
    [InlineData("<11>1 2026-11-01T00:00:00Z host app - - - disk failed", LogSeverity.Error)] // facility 1, severity 3
    [InlineData("<12>Nov  1 00:00:00 host app: disk slow", LogSeverity.Warning)] // severity 4
    [InlineData("<14>Nov  1 00:00:00 host app: disk ok", LogSeverity.Info)]
    public void Of_Syslog_SeverityFromPriority(string line, LogSeverity expected)
    {
        Assert.True(BuiltInFormats.TryParseSyslog(line, out var parsed));
        Assert.Equal(expected, LogSeverities.Of(parsed));
    }

    [Fact]
    public void Of_JsonLevelAndHeaderLevel_Severity()
    {
        Assert.True(BuiltInFormats.TryParseJson("{\"level\":\"warn\",\"msg\":\"slow\"}", out var json));
        Assert.Equal(LogSeverity.Warning, LogSeverities.Of(json));
        Assert.True(LogFormat.Parse("<Date> <Time> <Level>: <Content>").TryParse("2026-11-01 00:00:00 ERROR: boom", out var header));
        Assert.Equal(LogSeverity.Error, LogSeverities.Of(header));
    }
}
