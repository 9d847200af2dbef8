using Vigil.Forecasting.Preprocessing;

namespace Vigil.Forecasting.Tests.Preprocessing;

public sealed class OutlierClipperTests
{
    [Fact]
    public void Clip_IsolatedSpike_IsReplacedByTheMedianOfItsNeighbours()
    {
        var y = Simulated.Noise(200, seed: 21).Select(v => 50 + v).ToArray();
        var original = y.ToArray();
        y[100] = 90;
        var replaced = OutlierClipper.Clip(y, sigmas: 8);
        Assert.Equal(1, replaced);
        var neighbours = original[97..104].ToList();
        neighbours[3] = 90;
        neighbours.Sort();
        Assert.Equal(neighbours[3], y[100]);
        for (var t = 0; t < y.Length; t++)
        {
            if (t != 100)
            {
                Assert.Equal(original[t], y[t]);
            }
        }
    }

    [Fact]
    public void Clip_SpikeAtTheEdge_UsesTheShorterWindow()
    {
        var y = Simulated.Noise(100, seed: 22).Select(v => 10 + v).ToArray();
        y[0] = -60;
        Assert.Equal(1, OutlierClipper.Clip(y, sigmas: 8));
        Assert.InRange(y[0], 6, 14);
    }
}
