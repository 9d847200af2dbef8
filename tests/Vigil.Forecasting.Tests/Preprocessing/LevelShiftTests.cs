using Vigil.Forecasting.Preprocessing;

namespace Vigil.Forecasting.Tests.Preprocessing;

public sealed class LevelShiftTests
{
    [Theory]
    [InlineData(24)]
    [InlineData(23)]
    public void FindLast_StepUp_IsFoundNearWhereItHappened(int window)
    {
        var y = Simulated.Noise(600, seed: 23).Select((v, t) => (t >= 450 ? 30 : 10) + v).ToArray();
        var shift = LevelShift.FindLast(y, window);
        Assert.InRange(shift, 450 - (window / 2), 450 + (window / 2));
    }

    [Fact]
    public void FindLast_TwoSteps_ReturnsTheLater()
    {
        var y = Simulated.Noise(800, seed: 24).Select((v, t) => (t >= 600 ? 50 : t >= 200 ? 30 : 10) + v).ToArray();
        Assert.InRange(LevelShift.FindLast(y, 24), 588, 612);
    }

    [Fact]
    public void FindLast_SteadyTrend_IsNoShift()
    {
        var y = Simulated.Noise(600, seed: 25).Select((v, t) => (0.2 * t) + v).ToArray();
        Assert.Equal(0, LevelShift.FindLast(y, 24));
    }
}
