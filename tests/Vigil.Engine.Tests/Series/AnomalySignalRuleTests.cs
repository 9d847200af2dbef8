using Vigil.Detection;
using Vigil.Engine.Hosting;
using Vigil.Engine.Series;

namespace Vigil.Engine.Tests.Series;

public sealed class AnomalySignalRuleTests
{
    private static readonly AnomalySignalRule Rule = new(threshold: 0.7, pointsToOpen: 2, pointsToClear: 3, loneScore: 0.9);

    private static DetectionResult Point(double score) => new(score, 10, 9, 11);

    private static List<AnomalyStep> Run(AnomalySignalRule rule, AnomalyEpisode episode, params double[] scores) =>
        [.. scores.Select(score => rule.Observe(episode, Point(score)))];

    [Fact]
    public void Observe_LoneWeakPoint_OpensNothing()
    {
        var episode = new AnomalyEpisode();
        Assert.Equal([AnomalyStep.None, AnomalyStep.None, AnomalyStep.None, AnomalyStep.None], Run(Rule, episode, 0.1, 0.8, 0.1, 0.1));
        Assert.False(episode.IsOpen);
    }

    [Theory]
    [InlineData(0.8, 0.75)] // two in a row
    [InlineData(0.8, 0.1)] // two of three, a normal point between
    public void Observe_SecondHotPointWithinThree_Opens(double first, double between)
    {
        var episode = new AnomalyEpisode();
        var steps = Run(Rule, episode, first, between, 0.72);
        Assert.Equal(AnomalyStep.Opened, between >= 0.7 ? steps[1] : steps[2]);
        Assert.True(episode.IsOpen);
    }

    [Fact]
    public void Observe_HotPointsTooFarApart_OpenNothing()
    {
        var episode = new AnomalyEpisode();
        Assert.DoesNotContain(AnomalyStep.Opened, Run(Rule, episode, 0.8, 0.1, 0.1, 0.8, 0.1, 0.1, 0.8));
    }

    [Fact]
    public void Observe_StrongLonePoint_OpensAtOnce_RaisesThenCloses()
    {
        var episode = new AnomalyEpisode();
        var steps = Run(Rule, episode, 0.95, 0.8, 0.99, 0.99, 0.1, 0.1, 0.1);

        Assert.Equal([AnomalyStep.Opened, AnomalyStep.None, AnomalyStep.Raised, AnomalyStep.None, AnomalyStep.None, AnomalyStep.None, AnomalyStep.Closed], steps);
        Assert.False(episode.IsOpen);
        Assert.Equal(0, episode.Severity);
    }

    [Fact]
    public void Observe_Severity_IsTheHighestOfTheEpisode()
    {
        var episode = new AnomalyEpisode();
        Run(Rule, episode, 0.95, 0.99, 0.9);
        Assert.Equal(Detection.Severity.FromScore(0.99), episode.Severity);
    }

    [Fact]
    public void Observe_QuietedPoint_CountsAsNormal()
    {
        var episode = new AnomalyEpisode();
        Assert.Equal(AnomalyStep.None, Rule.Observe(episode, Point(0.99), quieted: true));
        Rule.Observe(episode, Point(0.95));
        Rule.Observe(episode, Point(0.99), quieted: true);
        Rule.Observe(episode, Point(0.99), quieted: true);
        Assert.Equal(AnomalyStep.Closed, Rule.Observe(episode, Point(0.99), quieted: true));
    }

    [Fact]
    public void Observe_OnePointToOpen_AnyHotPointOpens()
    {
        var rule = new AnomalySignalRule(0.7, pointsToOpen: 1, pointsToClear: 5);
        Assert.Equal(AnomalyStep.Opened, rule.Observe(new AnomalyEpisode(), Point(0.7)));
    }

    [Fact]
    public void Close_OpenEpisode_TrueOnceAndForgetsRecentPoints()
    {
        var episode = new AnomalyEpisode();
        Rule.Observe(episode, Point(0.95));
        Assert.True(AnomalySignalRule.Close(episode));
        Assert.False(AnomalySignalRule.Close(episode));
        Assert.Equal(AnomalyStep.None, Rule.Observe(episode, Point(0.8)));
    }

    [Fact]
    public void CounterRate_IncreaseResetAndNoPrevious()
    {
        var t0 = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(2.0, AnomalySignalRule.CounterRate(100, t0, 130, t0.AddSeconds(15)));
        Assert.Equal(1.0, AnomalySignalRule.CounterRate(100, t0, 15, t0.AddSeconds(15))); // reset: counts from zero
        Assert.True(double.IsNaN(AnomalySignalRule.CounterRate(double.NaN, t0, 15, t0.AddSeconds(15))));
        Assert.True(double.IsNaN(AnomalySignalRule.CounterRate(100, t0, 130, t0)));
    }

    [Fact]
    public void From_EngineDefaults_TwoOfThreeOrOneAtLoneScore()
    {
        var rule = AnomalySignalRule.From(new EngineOptions());
        Assert.Equal(0.7, rule.Threshold);
        Assert.Equal(2, rule.PointsToOpen);
        Assert.Equal(5, rule.PointsToClear);
        Assert.Equal(0.9, rule.LoneScore);
    }

    [Theory]
    [InlineData(0, 2, 5, 1)]
    [InlineData(0.7, 0, 5, 1)]
    [InlineData(0.7, 9, 5, 1)]
    [InlineData(0.7, 2, 0, 1)]
    [InlineData(0.7, 2, 5, 0.5)]
    public void Constructor_OutOfRange_Throws(double threshold, int pointsToOpen, int pointsToClear, double loneScore) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalySignalRule(threshold, pointsToOpen, pointsToClear, loneScore));
}
