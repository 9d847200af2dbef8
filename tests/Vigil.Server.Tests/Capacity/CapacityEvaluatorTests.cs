using Vigil.Core.Storage;
using Vigil.Server.Capacity;

namespace Vigil.Server.Tests.Capacity;

/// <summary>The sentences findings and signals carry.</summary>
public sealed class CapacityEvaluatorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3.04, 2.1, 4.3, "fills in ~3 days (80% interval 2.1–4.3 days)")]
    [InlineData(0.5, 0.25, 0.75, "fills in ~12 hours (80% interval 6–18 hours)")]
    [InlineData(1.2, 0.75, 2.0, "fills in ~1.2 days (80% interval 18 hours–2 days)")]
    [InlineData(5.0, 3.5, null, "fills in ~5 days (80% interval 3.5 days to beyond 7 days)")]
    public void Sentence_Expected_MedianAndInterval(double median, double lower, double? upper, string expected)
    {
        var finding = new CapacityFinding("t", "s", At, CapacityOutcome.Expected, median, lower, upper, 80, 0.9, 7, 1, 2, "");

        Assert.Equal(expected, CapacityEvaluator.Sentence(finding));
    }

    [Fact]
    public void Sentence_Possible_ProbabilityWithinHorizon()
    {
        var finding = new CapacityFinding("t", "s", At, CapacityOutcome.Possible, null, 5, null, 80, 0.23, 7, 1, 2, "");

        Assert.Equal("23% chance of reaching the limit within 7 days", CapacityEvaluator.Sentence(finding));
    }
}
