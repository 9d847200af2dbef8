namespace Vigil.Detection.Tests;

public sealed class SeverityTests
{
    [Theory]
    [InlineData(0.0, 0, SeverityBand.None)]
    [InlineData(0.02, 2, SeverityBand.None)]
    [InlineData(0.03, 3, SeverityBand.Warning)]
    [InlineData(0.249, 25, SeverityBand.Minor)]
    [InlineData(0.5, 50, SeverityBand.Major)]
    [InlineData(0.75, 75, SeverityBand.Critical)]
    [InlineData(1.5, 100, SeverityBand.Critical)]
    [InlineData(double.NaN, 0, SeverityBand.None)]
    public void FromScore_MapsToElasticBands(double score, int severity, SeverityBand band)
    {
        Assert.Equal(severity, Severity.FromScore(score));
        Assert.Equal(band, Severity.ToBand(Severity.FromScore(score)));
    }
}
