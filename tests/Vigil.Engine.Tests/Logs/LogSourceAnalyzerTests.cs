using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Engine.Logs;
using Vigil.Logs.Formats;

namespace Vigil.Engine.Tests.Logs;

public sealed class LogSourceAnalyzerTests
{
    private static readonly long Start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static LogLine Line(long minute, string message, LogSeverity severity = LogSeverity.Info) =>
        new(Start + (minute * 60_000), message, "INFO " + message, severity);

    [Fact]
    public void Analyze_TemplateCreatedAfterWarmup_OneNewPatternSignalWithExamples()
    {
        var analyzer = new LogSourceAnalyzer("checkout", new LogShardOptions { WarmupLines = 10 });
        var warm = analyzer.Analyze([.. Enumerable.Range(0, 10).Select(i => Line(0, $"request served in {i} ms"))]);

        var batch = analyzer.Analyze([Line(1, "disk full on /data"), Line(1, "disk full on /data"), Line(1, "request served in 3 ms")]);

        Assert.Empty(warm.Signals);
        Assert.Equal(1, warm.NewTemplates);
        var signal = Assert.Single(batch.Signals);
        Assert.Equal(SignalKind.NewLogPattern, signal.Kind);
        Assert.Equal("service/checkout", signal.Entity);
        Assert.Equal("checkout", signal.Labels.Get("service"));
        Assert.Equal(signal.Start, signal.End);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Start + 60_000), signal.Start);
        Assert.Equal("2", signal.Evidence["lines_in_batch"]);
        Assert.Equal(0, batch.AnomalyChanges);
        Assert.Contains(batch.Templates, t => t.Text.StartsWith("disk full on ", StringComparison.Ordinal) && t.IsNew && t.Count == 2);
        Assert.Equal(3, batch.Lines.Count);
        Assert.Equal(13, analyzer.LinesSeen);
    }

    [Fact]
    public void Analyze_MoreNewPatternsThanTheCap_RestCountedNotRaised()
    {
        var analyzer = new LogSourceAnalyzer("checkout", new LogShardOptions { WarmupLines = 0, MaxNewPatternSignalsPerMinute = 2 });

        var batch = analyzer.Analyze([Line(0, "alpha one"), Line(0, "bravo two three"), Line(0, "charlie four five six"), Line(0, "delta")]);

        Assert.Equal(4, batch.NewTemplates);
        Assert.Equal(2, batch.Signals.Count);
        Assert.Equal(2, batch.NewPatternsSuppressed);
    }

    [Fact]
    public void Tick_SourceFallsSilent_ClosesTheMinutesAndRaisesTheDrop()
    {
        var analyzer = new LogSourceAnalyzer("checkout", new LogShardOptions());
        for (var minute = 0; minute < 30; minute++)
        {
            analyzer.Analyze([.. Enumerable.Range(0, 50).Select(i => Line(minute, $"heartbeat {i % 5} ok"))]);
        }
        var changes = new List<Signal>();

        analyzer.Tick(Start + (29 * 60_000) + 59_000, changes);
        Assert.Empty(changes);
        analyzer.Tick(Start + (31 * 60_000) + 1_000, changes);

        var drop = Assert.Single(changes);
        Assert.Equal(SignalKind.LogAnomaly, drop.Kind);
        Assert.Contains("fell to 0 lines/min", drop.Summary, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Start + (30 * 60_000)), drop.Start);
    }

    [Fact]
    public void Tick_BeforeAnyLine_DoesNothing()
    {
        var analyzer = new LogSourceAnalyzer("checkout", new LogShardOptions());
        var changes = new List<Signal>();

        analyzer.Tick(Start, changes);

        Assert.Empty(changes);
        Assert.Null(analyzer.OpenMinuteMs);
    }

    [Fact]
    public void Constructor_StoredTemplates_CountTowardsWarmup()
    {
        var stored = new StoredLogTemplate("checkout:T1", "checkout", "request served in <*> ms", 5000, DateTimeOffset.FromUnixTimeMilliseconds(Start), DateTimeOffset.FromUnixTimeMilliseconds(Start), false);

        var analyzer = new LogSourceAnalyzer("checkout", new LogShardOptions(), null, [stored]);

        Assert.Equal(5000, analyzer.LinesSeen);
        Assert.Equal(SignalKind.NewLogPattern, Assert.Single(analyzer.Analyze([Line(0, "disk full on /data")]).Signals).Kind);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowsNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LogSourceAnalyzer("checkout", new LogShardOptions { ExampleLines = 0 }));

        Assert.Equal("ExampleLines", e.ParamName);
    }
}
