using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Core.Tests.Signals;

public sealed class SignalTests
{
    private static Signal Make(string observed) => new()
    {
        Kind = SignalKind.MetricAnomaly,
        Entity = "service/checkout",
        Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        Score = 0.9,
        Severity = 80,
        Summary = "latency far above normal",
        Evidence = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("observed", observed)]),
        Labels = Labels.From("__name__", "latency", "service", "checkout"),
        Fingerprint = Signal.ComputeFingerprint(SignalKind.MetricAnomaly, "service/checkout", Labels.From("service", "checkout")),
    };

    [Fact]
    public void Equals_SameContent_IsEqualIncludingEvidence()
    {
        Assert.Equal(Make("3.2"), Make("3.2"));
        Assert.NotEqual(Make("3.2"), Make("3.3"));
        Assert.Equal(Make("3.2").GetHashCode(), Make("3.2").GetHashCode());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Score_OutsideUnitInterval_Throws(double score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Make("1") with { Score = score });

    [Theory]
    [InlineData(0, SeverityBand.Low)]
    [InlineData(3, SeverityBand.Warning)]
    [InlineData(25, SeverityBand.Minor)]
    [InlineData(50, SeverityBand.Major)]
    [InlineData(74, SeverityBand.Major)]
    [InlineData(75, SeverityBand.Critical)]
    public void ToBand_UsesElasticBands(int severity, SeverityBand band) => Assert.Equal(band, Severity.ToBand(severity));

    [Fact]
    public void ComputeFingerprint_IsStableAndDistinguishesKinds()
    {
        var labels = Labels.From("service", "checkout");
        var a = Signal.ComputeFingerprint(SignalKind.MetricAnomaly, "x", labels);

        Assert.Equal(16, a.Length);
        Assert.Equal(a, Signal.ComputeFingerprint(SignalKind.MetricAnomaly, "x", labels));
        Assert.NotEqual(a, Signal.ComputeFingerprint(SignalKind.ExternalAlert, "x", labels));
        Assert.True(Make("1").IsOpen);
    }
}
