using Vigil.Forecasting.Intervals;

namespace Vigil.Forecasting.Tests.Intervals;

public sealed class NormalTests
{
    [Theory]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.9, 1.281551566)]
    [InlineData(0.5, 0)]
    [InlineData(0.001, -3.090232306)]
    public void Quantile_KnownValues(double p, double z) => Assert.Equal(z, Normal.Quantile(p), 7);

    [Theory]
    [InlineData(1.959963985, 0.975)]
    [InlineData(0, 0.5)]
    [InlineData(-1, 0.158655254)]
    public void Cdf_KnownValues(double x, double p) => Assert.Equal(p, Normal.Cdf(x), 6);
}
