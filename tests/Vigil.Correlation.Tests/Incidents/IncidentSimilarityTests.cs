using Vigil.Core.Signals;
using Vigil.Correlation.Incidents;

namespace Vigil.Correlation.Tests.Incidents;

public sealed class IncidentSimilarityTests
{
    private static IncidentFeatures F(string[] entities, SignalKind[] kinds, string[] templates) =>
        new(new HashSet<string>(entities), new HashSet<SignalKind>(kinds), new HashSet<string>(templates));

    [Fact]
    public void SimilarityTo_Identical_IsOne() =>
        Assert.Equal(1.0, F(["db"], [SignalKind.ExternalAlert], ["disk <*> full"]).SimilarityTo(F(["db"], [SignalKind.ExternalAlert], ["disk <*> full"])));

    [Fact]
    public void SimilarityTo_WeightedJaccardOverPresentFeatures()
    {
        // entities 1/3 (w 0.5), kinds 1/1 (w 0.2), templates absent on both sides (left out).
        var a = F(["db", "payments"], [SignalKind.MetricAnomaly], []);
        var b = F(["db", "checkout"], [SignalKind.MetricAnomaly], []);
        Assert.Equal(((0.5 / 3) + 0.2) / 0.7, a.SimilarityTo(b), 12);
    }

    [Fact]
    public void SimilarityTo_NothingShared_IsZero() =>
        Assert.Equal(0, F(["a"], [SignalKind.LogAnomaly], ["x"]).SimilarityTo(F(["b"], [SignalKind.SloBurn], ["y"])));
}
