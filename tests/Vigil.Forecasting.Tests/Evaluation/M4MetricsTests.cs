using Vigil.Forecasting.Evaluation;

namespace Vigil.Forecasting.Tests.Evaluation;

public sealed class M4MetricsTests
{
    [Fact]
    public void Smape_HandComputed()
    {
        // 200·|100−110|/210 = 9.5238; 200·|50−40|/90 = 22.2222; mean 15.8730.
        Assert.Equal(15.873016, M4Metrics.Smape([100, 50], [110, 40]), 5);
    }

    [Fact]
    public void Smape_BothZero_CountsAsZero()
    {
        Assert.Equal(0, M4Metrics.Smape([0], [0]));
    }

    [Fact]
    public void Mase_HandComputed()
    {
        // In-sample lag-2 differences: |3−1|, |4−2|, |6−3| → scale 7/3; errors 1 and 3 → mean 2; MASE 6/7.
        double[] insample = [1, 2, 3, 4, 6];
        Assert.Equal(6.0 / 7, M4Metrics.Mase(insample, [5, 8], [6, 5], 2), 12);
    }

    [Fact]
    public void Msis_HandComputed()
    {
        // α = 0.05. Step 1 inside [8, 12]: width 4. Step 2 above [8, 12] by 2: 4 + 40·2 = 84. Mean 44, scale 1 → 44.
        double[] insample = [1, 2, 3];
        Assert.Equal(44, M4Metrics.Msis(insample, [10, 14], [8, 8], [12, 12], 1), 12);
    }

    [Fact]
    public void Owa_HandComputed()
    {
        Assert.Equal(0.5 * ((9.0 / 18.0) + (1.2 / 2.4)), M4Metrics.Owa(9, 1.2, 18, 2.4), 12);
    }

    [Fact]
    public void Covered_CountsInclusiveBounds()
    {
        Assert.Equal(2, M4Metrics.Covered([1, 2, 5], [1, 0, 0], [3, 2, 4]));
    }
}
