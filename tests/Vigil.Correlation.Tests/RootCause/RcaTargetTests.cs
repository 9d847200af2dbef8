using Vigil.Correlation.RootCause;

namespace Vigil.Correlation.Tests.RootCause;

public sealed class RcaTargetTests
{
    [Theory]
    [InlineData("PetSite:latency:Average", "PetSite", "latency", "Average")]
    [InlineData("PetSearch_AWS::ECS::Fargate:availability:p90", "PetSearch_AWS::ECS::Fargate", "availability", "p90")]
    public void Parse_LastTwoFieldsAreMetricAndStatistic(string text, string node, string metric, string statistic)
    {
        var target = RcaTarget.Parse(text);
        Assert.Equal(new RcaTarget(node, metric, statistic), target);
        Assert.Equal(text, target.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("PetSite")]
    [InlineData("PetSite:latency")]
    [InlineData(":latency:Average")]
    [InlineData("PetSite:latency:")]
    [InlineData("PetSite::Average")]
    public void TryParse_Malformed_ReturnsError(string text)
    {
        Assert.False(RcaTarget.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
