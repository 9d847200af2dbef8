using Vigil.Forecasting.Preprocessing;

namespace Vigil.Forecasting.Tests.Preprocessing;

public sealed class SeriesRepairTests
{
    [Fact]
    public void Repair_Gaps_DropsLeadingInterpolatesInteriorCarriesTrailing()
    {
        var y = SeriesRepair.Repair([double.NaN, 1, double.NaN, double.NaN, 4, double.NaN], SeriesKind.Gauge, out var report);
        Assert.Equal([1, 2, 3, 4, 4], y);
        Assert.Equal(new RepairReport(1, 3, 0), report);
    }

    [Fact]
    public void Repair_CounterReset_IsUndone()
    {
        var y = SeriesRepair.Repair([10, 20, 30, 40, 5, 15, 3, 8], SeriesKind.Counter, out var report);
        Assert.Equal(2, report.CounterResets);
        Assert.Equal([10, 20, 30, 40, 45, 55, 58, 63], y);
    }

    [Fact]
    public void Repair_GaugeThatDrops_IsLeftAlone()
    {
        // Disk usage after a log rotation: the drop is real.
        double[] gauge = [50, 60, 70, 80, 20, 30, 40];
        var y = SeriesRepair.Repair(gauge, SeriesKind.Gauge, out var report);
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
