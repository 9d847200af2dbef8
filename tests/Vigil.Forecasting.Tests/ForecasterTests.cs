namespace Vigil.Forecasting.Tests;

public sealed class ForecasterTests
{
    [Fact]
    public void Run_SeasonalSeriesWithKnownNoise_IntervalCoversNominalShare()
    {
        // 100 simulated hourly series, Gaussian noise sd 2: the 95% intervals should hold ~95% of the future values.
        var forecaster = new Forecaster(new ForecasterOptions { Level = 95 });
        var covered = 0;
        var total = 0;
        for (var seed = 0; seed < 100; seed++)
        {
            var y = Simulated.Hourly(24 * 30 + 48, seed: 1000 + seed, weekly: 10, sd: 2);
            var train = y.AsSpan(0, y.Length - 48);
            var test = y.AsSpan(y.Length - 48);
            var f = forecaster.Run(train, 48);
            for (var h = 0; h < 48; h++)
            {
                covered += test[h] >= f.Lower[h] && test[h] <= f.Upper[h] ? 1 : 0;
                total++;
            }
        }
        var coverage = (double)covered / total;
        Assert.InRange(coverage, 0.90, 0.99);
    }

    [Fact]
    public void Run_SeasonalSeries_PointForecastNearTruth()
    {
        var y = Simulated.Hourly(24 * 30 + 48, seed: 21, sd: 1);
        var f = new Forecaster().Run(y.AsSpan(0, y.Length - 48), 48);
        var mae = 0.0;
        for (var h = 0; h < 48; h++)
        {
            var truth = 100 + (20 * Math.Sin(2 * Math.PI * (y.Length - 48 + h) / 24));
            mae += Math.Abs(f.Mean[h] - truth) / 48;
        }
        Assert.True(mae < 1, $"MAE against the noiseless truth {mae}");
        Assert.Equal([24], f.SeasonalPeriods);
    }

    [Fact]
    public void Run_MissingValues_AreFilledAndForecastIsFinite()
    {
        var y = Simulated.Hourly(24 * 20, seed: 22);
        for (var t = 100; t < 110; t++)
        {
            y[t] = double.NaN;
        }
        y[0] = double.NaN;
        var f = new Forecaster(new ForecasterOptions { Level = 80 }).Run(y, 24);
        Assert.All(f.Mean.ToArray(), v => Assert.True(double.IsFinite(v)));
        Assert.True(f.HasInterval);
        Assert.Equal(new Vigil.Forecasting.Preprocessing.RepairReport(1, 10, 0), f.Repairs);
    }

    [Fact]
    public void Run_LevelShiftNearTheEnd_ForecastFollowsNewLevel()
    {
        var y = Simulated.Hourly(24 * 30, seed: 23, sd: 1);
        for (var t = y.Length - 72; t < y.Length; t++)
        {
            y[t] += 50;
        }
        var f = new Forecaster().Run(y, 24);
        var mean = f.Mean.ToArray().Average();
        Assert.InRange(mean, 140, 160);
    }

    [Theory]
    [InlineData(ForecastMethod.SeasonalNaive)]
    [InlineData(ForecastMethod.Naive2)]
    [InlineData(ForecastMethod.Ets)]
    [InlineData(ForecastMethod.Theta)]
    [InlineData(ForecastMethod.MultiSeasonal)]
    public void Run_EveryMethod_GivesFiniteForecastAndInterval(ForecastMethod method)
    {
        var y = Simulated.Hourly(24 * 14, seed: 24, sd: 1);
        var f = new Forecaster(new ForecasterOptions { Method = method, Level = 95 }).Run(y, 24);
        Assert.Equal(method, f.Method);
        Assert.Equal(24, f.Horizon);
        for (var h = 0; h < 24; h++)
        {
            Assert.True(f.Lower[h] <= f.Mean[h] && f.Mean[h] <= f.Upper[h]);
        }
    }

    [Fact]
    public void Run_CounterWithResets_ForecastsTheRunningTotal()
    {
        // 5 per step, reset to 0 every 100 steps (a restarted process). Read as Prometheus does (the step into a
        // reset counts 0), the total at the last point is 4 · 495 = 1980 and keeps rising by 5 per step.
        var y = Enumerable.Range(0, 400).Select(t => 5.0 * (t % 100)).ToArray();
        var f = new Forecaster(new ForecasterOptions { Kind = SeriesKind.Counter }).Run(y, 10);
        Assert.InRange(f.Mean[9], 2020, 2040);
    }

    [Fact]
    public void Run_NoFiniteValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Forecaster().Run([double.NaN, double.NaN], 3));
    }

    [Fact]
    public void Create_LevelOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Forecaster(new ForecasterOptions { Level = 100 }));
    }
}
