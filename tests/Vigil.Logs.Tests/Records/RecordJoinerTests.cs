using Vigil.Logs.Formats;
using Vigil.Logs.Records;

namespace Vigil.Logs.Tests.Records;

public sealed class RecordJoinerTests
{
    [Fact]
    public void Join_StackTrace_IsJoinedToItsFirstLine()
    {
        var joiner = RecordJoiner.ForFormat(LogFormat.Parse("<Date> <Time> <Level> <Component>: <Content>"));
        string[] lines =
        [
            "stray line before any record",
            "2024-01-01 10:00:00 ERROR app.Worker: job 42 failed",
            "java.lang.IllegalStateException: boom",
            "\tat app.Worker.run(Worker.java:10)",
            "Caused by: java.io.IOException: disk",
            "2024-01-01 10:00:01 INFO app.Worker: job 43 done",
        ];
        var entries = joiner.Join(lines).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(2, entries[0].LineNumber);
        Assert.Equal("job 42 failed", entries[0].Header.Content);
        Assert.Equal("java.lang.IllegalStateException: boom\n\tat app.Worker.run(Worker.java:10)\nCaused by: java.io.IOException: disk", entries[0].Continuation);
        Assert.Null(entries[1].Continuation);
        Assert.Equal(1, joiner.OrphanLines);
    }

    [Fact]
    public void Automatic_IndentedAndAtLines_AreContinuations()
    {
        var entries = RecordJoiner.Automatic().Join(
        [
            "{\"level\":\"error\",\"msg\":\"request failed\"}",
            "    at Handler.Invoke()",
            "at Program.Main()",
            "... 3 more",
            "level=info msg=\"next\" id=1",
        ]).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("request failed", entries[0].Header.Content);
        Assert.Equal(3, entries[0].Continuation!.Split('\n').Length);
        Assert.Equal(LineFormat.Logfmt, entries[1].Header.Format);
    }
}
