using Vigil.Core.Signals;
using Vigil.Engine.Logs;
using Vigil.Logs.Formats;
using Vigil.Logs.Mining;

namespace Vigil.Engine.Tests.Logs;

public sealed class LogActivityWatchTests
{
    private static readonly long Start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly TemplateMiner _miner = new();
    private readonly LogActivityWatch _watch = new("checkout", new LogShardOptions());
    private readonly List<Signal> _changes = [];

    [Fact]
    public void Observe_TemplateRateSpikes_OneLogAnomalyWithTemplateExamplesAndParameterStatistics()
    {
        var random = new Random(7);
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 95 + random.Next(10), i => $"request served in {10 + (i % 7)} ms for user u{i % 3}");
            Lines(minute, 10, i => $"disk check ok on sda{i % 2}");
        }
        Assert.Empty(_changes);

        Lines(30, 900, i => $"request served in {10 + (i % 7)} ms for user u{i % 3}");
        Lines(30, 10, i => $"disk check ok on sda{i % 2}");
        Lines(31, 1, _ => "disk check ok on sda0");

        var signal = Assert.Single(_changes);
        Assert.Equal(SignalKind.LogAnomaly, signal.Kind);
        Assert.Equal("service/checkout", signal.Entity);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Start + (30 * 60_000)), signal.Start);
        Assert.Null(signal.End);
        Assert.Equal("request served in <*> ms for user <*>", signal.Evidence["template"]);
        Assert.Equal("900", signal.Evidence["observed"]);
        Assert.Equal("request served in 10 ms for user u0", signal.Evidence["example_1"]);
        Assert.Equal(3, signal.Evidence.Keys.Count(k => k.StartsWith("example_", StringComparison.Ordinal)));
        // 16 sampled lines: the duration is numeric, the user is not.
        Assert.Matches(@"^16 values, 7 distinct: .*; numeric \(16\) min 10, median 1\d(\.5)?, max 16$", signal.Evidence["param_1"]);
        Assert.Matches(@"^16 values, 3 distinct: u\d ×\d+, u\d ×\d+, u\d ×\d+$", signal.Evidence["param_2"]);
        Assert.Contains("rose to 900 lines/min", signal.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_RateBackToNormalForFiveMinutes_ClosesTheSignal()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 100, i => $"request served in {i % 9} ms");
        }
        Lines(30, 1000, i => $"request served in {i % 9} ms");
        for (var minute = 31; minute < 37; minute++)
        {
            Lines(minute, 100, i => $"request served in {i % 9} ms");
        }

        Assert.Equal(2, _changes.Count);
        Assert.Equal(_changes[0].Fingerprint, _changes[1].Fingerprint);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Start + (35 * 60_000)), _changes[1].End);
    }

    [Fact]
    public void AdvanceTo_HeartbeatStops_RateFellSignalShowsTheLastLines()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 60, i => $"heartbeat {i} from node-1");
            Lines(minute, 5, i => $"gc pause {i} ms");
        }
        Lines(30, 5, i => $"gc pause {i} ms");
        Lines(31, 5, i => $"gc pause {i} ms");

        var signal = Assert.Single(_changes);
        Assert.Equal("heartbeat <*> from node-<*>", signal.Evidence["template"]);
        Assert.Equal("0", signal.Evidence["observed"]);
        Assert.Equal("heartbeat 0 from node-1", signal.Evidence["example_1"]);
        Assert.Contains("fell to 0 lines/min", signal.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvanceTo_SourceFallsSilent_DropSignalWithoutAnotherLine()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 60, i => $"heartbeat {i} ok");
        }

        // Minute 30 begins: minute 29 (60 lines) is closed.
        _watch.AdvanceTo(Start + (30 * 60_000), _changes);
        Assert.Empty(_changes);
        // Minute 31 begins with no line in minute 30.
        _watch.AdvanceTo(Start + (31 * 60_000), _changes);

        var signal = Assert.Single(_changes);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Start + (30 * 60_000)), signal.Start);
        Assert.Equal("0", signal.Evidence["observed"]);
        Assert.Equal("heartbeat 0 ok", signal.Evidence["example_1"]);
    }

    [Fact]
    public void Observe_SparseTemplate_OneExtraLineIsNoAnomaly()
    {
        for (var minute = 0; minute < 40; minute++)
        {
            Lines(minute, 50, i => $"request served in {i} ms");
            Lines(minute, minute % 5 == 0 ? 1 : 0, _ => "config reloaded");
        }
        Lines(40, 50, i => $"request served in {i} ms");
        Lines(40, 3, _ => "config reloaded");
        Lines(41, 50, i => $"request served in {i} ms");

        Assert.Empty(_changes);
    }

    [Fact]
    public void Observe_ErrorShareSpikes_SignalNamesTheTemplatesThatDroveIt()
    {
        var random = new Random(11);
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 200, i => $"request served in {i % 50} ms");
            Lines(minute, random.Next(3), i => $"slow query took {900 + i} ms", LogSeverity.Warning);
        }
        Lines(30, 200, i => $"request served in {i % 50} ms");
        Lines(30, 60, i => $"connection to db 10.0.0.{i % 4}:5432 refused", LogSeverity.Error);
        Lines(30, 2, i => $"slow query took {900 + i} ms", LogSeverity.Warning);
        Lines(31, 1, _ => "request served in 1 ms");

        // The error template is also new at that rate: a rate signal for it and the share signal.
        var share = Assert.Single(_changes, s => s.Evidence["measure"] == "share of error/warning lines per minute");
        Assert.Equal(SignalKind.LogAnomaly, share.Kind);
        Assert.Equal("262", share.Evidence["lines"]);
        Assert.Equal("62", share.Evidence["error_lines"]);
        Assert.Equal("connection to db <*> refused", share.Evidence["driver_1_template"]);
        Assert.Equal("60", share.Evidence["driver_1_error_lines"]);
        Assert.Equal("connection to db 10.0.0.0:5432 refused", share.Evidence["driver_1_example_1"]);
        Assert.StartsWith("3 values, 3 distinct: 10.0.0.0:5432 ×1", share.Evidence["driver_1_param_1"], StringComparison.Ordinal);
        Assert.Equal("slow query took <*> ms", share.Evidence["driver_2_template"]);
        Assert.Contains("mostly connection to db <*> refused", share.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_FewerErrorsThanUsual_NoSignal()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 100, i => $"request served in {i} ms");
            Lines(minute, 20, i => $"retrying call {i}", LogSeverity.Warning);
        }
        Lines(30, 100, i => $"request served in {i} ms");
        Lines(31, 100, i => $"request served in {i} ms");

        Assert.DoesNotContain(_changes, s => s.Evidence["measure"].StartsWith("share", StringComparison.Ordinal));
    }

    [Fact]
    public void Forget_TemplateWithOpenSignal_ClosesIt()
    {
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 100, i => $"request served in {i} ms");
        }
        Lines(30, 1000, i => $"request served in {i} ms");
        Lines(31, 100, i => $"request served in {i} ms");
        var template = _miner.Process("request served in 1 ms").Template;

        _watch.Forget(template.Id, Start + (31 * 60_000) + 5, _changes);

        Assert.Equal(2, _changes.Count);
        Assert.NotNull(_changes[1].End);
        Assert.Equal(0, _watch.WatchedTemplates);
    }

    [Fact]
    public void RestoreRates_IntoANewWatch_SeesTheNextMinutesAsTheWatchThatLearnedThem()
    {
        var random = new Random(7);
        for (var minute = 0; minute < 30; minute++)
        {
            Lines(minute, 95 + random.Next(10), i => $"request served in {10 + (i % 7)} ms for user u{i % 3}");
            Lines(minute, 5 + random.Next(3), i => $"retrying call {i}", LogSeverity.Warning);
        }
        _watch.AdvanceTo(Start + (30 * 60_000), _changes);
        Assert.True(_watch.RatesChanged);
        var saved = _watch.SaveRates();
        Assert.False(_watch.RatesChanged);
        var restarted = new LogActivityWatch("checkout", new LogShardOptions());
        restarted.RestoreRates(saved);
        var fresh = new LogActivityWatch("checkout", new LogShardOptions());

        List<Signal> restartedChanges = [], freshChanges = [];
        for (var minute = 30; minute < 33; minute++)
        {
            // Minute 31: the rate and the warning share jump.
            var requests = minute == 31 ? 900 : 100;
            var warnings = minute == 31 ? 300 : 6;
            foreach (var (watch, changes) in (IEnumerable<(LogActivityWatch, List<Signal>)>)[(_watch, _changes), (restarted, restartedChanges), (fresh, freshChanges)])
            {
                Lines(watch, changes, minute, requests, i => $"request served in {10 + (i % 7)} ms for user u{i % 3}");
                Lines(watch, changes, minute, warnings, i => $"retrying call {i}", LogSeverity.Warning);
            }
        }

        // Both rates and the warning share.
        Assert.Equal(3, _changes.Count);
        Assert.Contains(_changes, s => s.Evidence["measure"] == "share of error/warning lines per minute");
        // The same verdicts; only the parameter statistics' reservoir (a seeded random stream) drew other lines.
        Assert.Equal(_changes.Select(Verdict), restartedChanges.Select(Verdict));
        // Without the baselines the watch is in its warm-up and sees nothing.
        Assert.Empty(freshChanges);
        // And the baselines end the same.
        Assert.Equal(_watch.SaveRates(), restarted.SaveRates());
    }

    [Theory]
    [InlineData(0, "not Vigil log-rate baselines")]
    [InlineData(4, "log-rate format 9 is not supported")]
    [InlineData(5, "window of")]
    [InlineData(-3, "truncated")]
    public void RestoreRates_DamagedBytes_ThrowsNamingTheProblemAndKeepsTheWatchAsItWas(int at, string message)
    {
        for (var minute = 0; minute < 20; minute++)
        {
            Lines(minute, 100, i => $"request served in {i} ms");
        }
        _watch.AdvanceTo(Start + (20 * 60_000), _changes);
        var bytes = _watch.SaveRates();
        var watch = new LogActivityWatch("checkout", new LogShardOptions());
        var before = watch.SaveRates();
        bytes = at < 0 ? bytes[..^3] : [.. bytes[..at], 9, .. bytes[(at + 1)..]];

        var error = Assert.Throws<InvalidDataException>(() => watch.RestoreRates(bytes));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, watch.SaveRates());
    }

    private static string Verdict(Signal s) =>
        $"{s.Fingerprint} {s.Start:O} {s.Score:R} {s.Severity} {s.Summary} " + string.Join(",", s.Evidence.Where(e => !e.Key.Contains("param_", StringComparison.Ordinal)));

    private void Lines(int minute, int count, Func<int, string> message, LogSeverity severity = LogSeverity.Info) =>
        Lines(_watch, _changes, minute, count, message, severity);

    private void Lines(LogActivityWatch watch, List<Signal> changes, int minute, int count, Func<int, string> message, LogSeverity severity = LogSeverity.Info)
    {
        for (var i = 0; i < count; i++)
        {
            var text = message(i);
            var template = _miner.Process(text).Template.Current;
            watch.Observe(Start + (minute * 60_000) + (i * 60_000L / Math.Max(count, 1)), template, "checkout:" + template.Id, text, severity, changes);
        }
    }
}
