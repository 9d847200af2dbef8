using Vigil.Core.Series;

namespace Vigil.Core.Tests.Series;

public sealed class SampleTests
{
    [Fact]
    public void StaleNaN_IsStaleButOrdinaryNaNIsNot()
    {
        Assert.True(new Sample(1, Sample.StaleNaN).IsStale);
        Assert.False(new Sample(1, double.NaN).IsStale);
        Assert.True(double.IsNaN(Sample.StaleNaN));
    }

    [Fact]
    public void Equals_ComparesValueBits()
    {
        Assert.Equal(new Sample(1, double.NaN), new Sample(1, double.NaN));
        Assert.NotEqual(new Sample(1, double.NaN), new Sample(1, Sample.StaleNaN));
        Assert.NotEqual(new Sample(1, 0.0), new Sample(1, -0.0));
    }
}
