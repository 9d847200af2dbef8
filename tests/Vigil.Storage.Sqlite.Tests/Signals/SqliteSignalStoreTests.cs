using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests.Signals;

public sealed class SqliteSignalStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static Signal Signal(string entity, int minutes, SignalKind kind = SignalKind.MetricAnomaly, int severity = 50, int? endMinutes = null)
    {
        var labels = Labels.From("service", entity, "env", "prod");
        return new Signal
        {
            Kind = kind,
            Entity = entity,
            Start = T0.AddMinutes(minutes),
            End = endMinutes is { } e ? T0.AddMinutes(e) : null,
            Score = 0.75,
            Severity = severity,
            Summary = $"{entity} latency high",
            Evidence = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("observed", "812"), new("expected", "120")]),
            Labels = labels,
            Fingerprint = Core.Signals.Signal.ComputeFingerprint(kind, entity, labels),
        };
    }

    [Fact]
    public async Task UpsertAsync_ThenReopen_FindsAnEqualSignal()
    {
        await using var store = TempStore.Create();
        var signal = Signal("checkout", 0) with { Start = T0.AddTicks(12_345).ToOffset(TimeSpan.FromHours(2)) };
        await store.Store.Signals.UpsertAsync([signal]);

        await store.ReopenAsync();

        Assert.Equal(signal, await store.Store.Signals.FindAsync(signal.Fingerprint, signal.Start));
        Assert.Null(await store.Store.Signals.FindAsync(signal.Fingerprint, signal.Start.AddTicks(1)));
    }

    [Fact]
    public async Task UpsertAsync_SameFingerprintAndStart_ReplacesIt()
    {
        await using var store = TempStore.Create();
        var open = Signal("checkout", 0);
        var closed = open with { End = T0.AddMinutes(5), Severity = 80 };

        await store.Store.Signals.UpsertAsync([open]);
        await store.Store.Signals.UpsertAsync([closed]);

        var all = await store.Store.Signals.QueryAsync(new SignalQuery());
        Assert.Equal(closed, Assert.Single(all));
    }

    [Fact]
    public async Task QueryAsync_Filters_ReturnMatchingSignalsNewestFirst()
    {
        await using var store = TempStore.Create();
        await store.Store.Signals.UpsertAsync(
        [
            Signal("checkout", 0, severity: 90, endMinutes: 10),
            Signal("checkout", 30, severity: 20),
            Signal("payments", 40, SignalKind.ExternalAlert, 60),
            Signal("search", 50, SignalKind.LogAnomaly, 10, endMinutes: 55),
            Signal("checkout", 60, severity: 75),
        ]);

        async Task<string> Starts(SignalQuery q) => string.Join(',', (await store.Store.Signals.QueryAsync(q)).Select(s => (int)(s.Start - T0).TotalMinutes));

        Assert.Equal("60,50,40,30,0", await Starts(new SignalQuery()));
        Assert.Equal("60,30,0", await Starts(new SignalQuery { Entity = "checkout" }));
        Assert.Equal("40", await Starts(new SignalQuery { Kind = SignalKind.ExternalAlert }));
        Assert.Equal("60,40,0", await Starts(new SignalQuery { MinSeverity = 50 }));
        Assert.Equal("60,40,30", await Starts(new SignalQuery { Open = true }));
        Assert.Equal("50,0", await Starts(new SignalQuery { Open = false }));
        // Active in [20 min, 45 min]: started by 45 and not ended before 20.
        Assert.Equal("40,30", await Starts(new SignalQuery { From = T0.AddMinutes(20), To = T0.AddMinutes(45) }));
        Assert.Equal("60,50", await Starts(new SignalQuery { Limit = 2 }));
    }
}
