using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Grouping;

namespace Vigil.Correlation.Tests.Grouping;

public sealed class SignalDeduplicatorTests
{
    internal static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    internal static Signal Make(string entity, int startSeconds, int? endSeconds = null, SignalKind kind = SignalKind.MetricAnomaly, Labels? labels = null)
    {
        labels ??= Labels.From("service", entity);
        return new Signal
        {
            Kind = kind,
            Entity = entity,
            Start = T0.AddSeconds(startSeconds),
            End = endSeconds is { } end ? T0.AddSeconds(end) : null,
            Score = 0.9,
            Severity = 60,
            Summary = $"{entity} anomalous",
            Labels = labels,
            Fingerprint = Signal.ComputeFingerprint(kind, entity, labels),
        };
    }

    [Fact]
    public void Deduplicate_RepeatWithinWindow_FoldsIntoFirst()
    {
        var result = SignalDeduplicator.Deduplicate([Make("checkout", 0, 60), Make("checkout", 200, 260), Make("checkout", 1000, 1060)]);

        Assert.Equal(2, result.Length);
        Assert.Equal(2, result[0].Count);
        Assert.Equal(T0.AddSeconds(200), result[0].LastStart);
        Assert.Equal(T0.AddSeconds(260), result[0].End);
        Assert.Equal(1, result[1].Count);
    }

    [Fact]
    public void Deduplicate_OpenRepeat_StaysOpen()
    {
        var result = SignalDeduplicator.Deduplicate([Make("checkout", 0, 60), Make("checkout", 120)]);
        Assert.Null(Assert.Single(result).End);
    }

    [Fact]
    public void Deduplicate_DifferentKindSameEntity_AreDistinct()
    {
        var result = SignalDeduplicator.Deduplicate([Make("checkout", 0), Make("checkout", 10, kind: SignalKind.LogAnomaly)]);
        Assert.Equal(2, result.Length);
    }

    [Fact]
    public void Deduplicate_InputOrder_DoesNotMatter()
    {
        Signal[] signals = [Make("checkout", 0, 60), Make("payments", 30), Make("checkout", 200, 260)];
        var forward = SignalDeduplicator.Deduplicate(signals);
        var backward = SignalDeduplicator.Deduplicate(signals.Reverse());
        Assert.Equal(forward, backward);
    }
}
