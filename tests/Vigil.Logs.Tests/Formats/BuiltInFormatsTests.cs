using Vigil.Logs.Formats;

namespace Vigil.Logs.Tests.Formats;

public sealed class BuiltInFormatsTests
{
    [Fact]
    public void Parse_Rfc5424_ReadsHeaderStructuredDataAndMessage()
    {
        var line = BuiltInFormats.Parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event log entry");
        Assert.Equal(LineFormat.Syslog5424, line.Format);
        Assert.Equal("An application event log entry", line.Content);
        Assert.Equal("165", line.GetField("Priority"));
        Assert.Equal("evntslog", line.GetField("App"));
        Assert.Equal("", line.GetField("ProcId"));
        Assert.Equal("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"]", line.GetField("StructuredData"));
    }

    [Fact]
    public void Parse_Rfc5424WithoutStructuredData_ReadsMessage()
    {
        var line = BuiltInFormats.Parse("<34>1 2003-10-11T22:14:15.003Z host su 42 - - 'su root' failed on /dev/pts/8");
        Assert.Equal(LineFormat.Syslog5424, line.Format);
        Assert.Equal("'su root' failed on /dev/pts/8", line.Content);
        Assert.Equal("42", line.GetField("ProcId"));
    }

    [Fact]
    public void Parse_Rfc3164_ReadsTagPidAndMessage()
    {
        var line = BuiltInFormats.Parse("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8");
        Assert.Equal(LineFormat.Syslog3164, line.Format);
        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", line.Content);
        Assert.Equal("su", line.GetField("App"));
        Assert.Equal("123", line.GetField("ProcId"));
        Assert.Equal("mymachine", line.GetField("Host"));
    }

    [Fact]
    public void Parse_SyslogFileLineWithoutPriority_IsRfc3164()
    {
        var line = BuiltInFormats.Parse("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown");
        Assert.Equal(LineFormat.Syslog3164, line.Format);
        Assert.Equal("check pass; user unknown", line.Content);
    }

    [Fact]
    public void Parse_Json_TakesMessageAndKeepsOtherFields()
    {
        var line = BuiltInFormats.Parse("{\"time\":\"2024-01-01T00:00:00Z\",\"level\":\"warn\",\"msg\":\"disk 91% full\",\"host\":\"db1\",\"n\":3}");
        Assert.Equal(LineFormat.Json, line.Format);
        Assert.Equal("disk 91% full", line.Content);
        Assert.Equal("warn", line.GetField("level"));
        Assert.Equal("3", line.GetField("n"));
    }

    [Fact]
    public void Parse_Logfmt_TakesQuotedMessage()
    {
        var line = BuiltInFormats.Parse("ts=2024-01-01T00:00:00Z level=info msg=\"user \\\"bob\\\" logged in\" user=42");
        Assert.Equal(LineFormat.Logfmt, line.Format);
        Assert.Equal("user \"bob\" logged in", line.Content);
        Assert.Equal("42", line.GetField("user"));
    }

    [Theory]
    [InlineData("plain text line with a=b inside")]
    [InlineData("{not json")]
    [InlineData("{\"no\":\"message\"}")]
    [InlineData("<999>1 bad priority")]
    [InlineData("<34>1 too short")]
    [InlineData("level=info msg=\"unterminated")]
    [InlineData("\u0000\u0001\uFFFD\uD800 junk")]
    [InlineData("")]
    public void Parse_Malformed_FallsBackWithoutThrowing(string text)
    {
        var line = BuiltInFormats.Parse(text);
        Assert.NotNull(line.Content);
    }
}
