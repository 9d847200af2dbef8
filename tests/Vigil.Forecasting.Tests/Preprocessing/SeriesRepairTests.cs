using Vigil.Forecasting.Preprocessing;

namespace Vigil.Forecasting.Tests.Preprocessing;

public sealed class SeriesRepairTests
{
    [Fact]
    public void Repair_Gaps_DropsLeadingInterpolatesInteriorCarriesTrailing()
    {
        var y = SeriesRepair.Repair([double.NaN, 1, double.NaN, double.NaN, 4, double.NaN], out var report);
        Assert.Equal([1, 2, 3, 4, 4], y);
        Assert.Equal(new RepairReport(1, 3, 0), report);
    }

    [Fact]
    public void Repair_CounterReset_IsUndone()
    {
        var y = SeriesRepair.Repair([10, 20, 30, 40, 5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 105, 115, 125, 135, 145, 155, 165, 175, 185, 195, 205, 215, 225, 235, 245, 255, 265, 275, 285, 295, 305, 315, 325, 335, 345, 355, 365, 375, 385, 395, 405, 415, 425, 435, 445, 455, 465], out var report);
        Assert.Equal(1, report.CounterResets);
        Assert.Equal([10, 20, 30, 40, 45, 55], y[..6]);
    }

    [Fact]
    public void Repair_GaugeThatFalls_IsLeftAlone()
    {
        double[] gauge = [5, 9, 2, 8, 1, 7, 3, 6];
        var y = SeriesRepair.Repair(gauge, out var report);
        Assert.Equal(gauge, y);
        Assert.Equal(0, report.CounterResets);
    }

    [Fact]
    public void OutlierClipper_IsolatedSpike_IsPulledBack()
    {
        var y = Simulated.Noise(200, seed: 30).Select(v => 10 + v).ToArray();
        y[100] = 1000;
        Assert.Equal(1, OutlierClipper.Clip(y));
        Assert.InRange(y[100], 7, 13);
    }

    [Fact]
    public void LevelShift_JumpNearTheEnd_IsFound()
    {
        var y = Simulated.Noise(300, seed: 31).Select((v, t) => v + (t >= 250 ? 20 : 0)).ToArray();
        Assert.InRange(LevelShift.FindLast(y, 12), 244, 256);
    }

    [Fact]
    public void LevelShift_SteadyTrend_IsNotAShift()
    {
        var y = Simulated.Noise(300, seed: 32, sd: 0.1).Select((v, t) => v + (0.5 * t)).ToArray();
        Assert.Equal(0, LevelShift.FindLast(y, 12));
    }
}
