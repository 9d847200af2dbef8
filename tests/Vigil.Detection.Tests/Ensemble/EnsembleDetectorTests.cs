using Vigil.Detection.Ensemble;

namespace Vigil.Detection.Tests.Ensemble;

/// <summary>Golden tests: synthetic 5-minute series with a daily cycle and one known anomaly from point 3000.</summary>
public sealed class EnsembleDetectorTests
{
    private const int N = 5000;
    private const int At = 3000;
    private const int WarmUp = 1000;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private static readonly double Threshold = DetectorCatalog.DefaultThreshold;

    [Fact]
    public void Update_Spike_IsFlaggedAndNothingElse()
    {
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        v[At] += 25;
        AssertDetected(t, v, At, At + 1);
    }

    [Fact]
    public void Update_LevelShift_IsFlaggedAtOnset()
    {
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        for (var i = At; i < N; i++)
        {
            v[i] += 15;
        }
        AssertDetected(t, v, At, At + 12);
    }

    [Fact]
    public void Update_TrendChange_IsReportedWithinADayAtMinorSeverity()
    {
        // A slow drift (0.05 σ per point) keeps breaking records by small margins; the models adapt to it, so it is
        // reported within a day but below the alert threshold: a known limit, see docs/benchmarks.md.
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        for (var i = At; i < N; i++)
        {
            v[i] += 0.1 * (i - At);
        }
        var scores = Synthetic.Run(new EnsembleDetector(), t, v);
        var inside = scores[At..(At + 288)].Max();
        Assert.True(Severity.ToBand(Severity.FromScore(inside)) >= SeverityBand.Minor, $"drift scored {inside:F3}");
        Assert.True(scores[WarmUp..At].Count(s => s >= Threshold) <= 3);
    }

    [Fact]
    public void Update_IdleSeriesBusyForHours_IsFlagged()
    {
        // An idle 5-minute series with a lone 5-point burst to ~90 every 8–15 hours; on day 7 from 08:00 the same
        // bursts come every 30 minutes for six hours. No point is new (each burst looks like the lone ones), the
        // hours are: the hourly level model reports it (best 0.90–1.0 over these seeds, 0–0.42 without it).
        for (var seed = 1; seed <= 3; seed++)
        {
            var random = new Random(seed);
            var n = 288 * 8;
            var t = new DateTime[n];
            var v = new double[n];
            for (var i = 0; i < n; i++)
            {
                t[i] = Synthetic.Start + (Step * i);
                v[i] = 0.1 + (0.02 * random.NextDouble());
            }
            for (var next = 50; next < 288 * 6; next += 100 + random.Next(80))
            {
                for (var k = 0; k < 5; k++)
                {
                    v[next + k] = 85 + (10 * random.NextDouble());
                }
            }
            var at = (288 * 6) + (8 * 12);
            for (var b = at; b < at + (6 * 12); b += 6)
            {
                for (var k = 0; k < 3; k++)
                {
                    v[b + k] = 85 + (10 * random.NextDouble());
                }
            }

            var scores = Synthetic.Run(new EnsembleDetector(), t, v);

            var busy = scores[at..(at + (6 * 12))].Max();
            Assert.True(busy >= Threshold, $"seed {seed}: busy hours scored {busy:F3}");
        }
    }

    [Fact]
    public void Update_VarianceChange_IsFlagged()
    {
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        var random = new Random(7);
        for (var i = At; i < N; i++)
        {
            v[i] += 8 * Synthetic.Gaussian(random);
        }
        AssertDetected(t, v, At, At + 50);
    }

    [Fact]
    public void Update_SeasonalPatternBreak_IsFlagged()
    {
        // The daily cycle stops for half a day (the art_daily_flatmiddle kind of anomaly): every value stays
        // inside the usual range, only the pattern is wrong.
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 1);
        for (var i = At; i < At + 144; i++)
        {
            v[i] = 100 + Synthetic.Gaussian(new Random(i));
        }
        AssertDetected(t, v, At, At + 144);
    }

    [Fact]
    public void Update_MissingValuesAndGaps_StayQuiet()
    {
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        for (var i = 2000; i < N; i += 97)
        {
            v[i] = double.NaN;
        }
        for (var i = At; i < N; i++)
        {
            t[i] += TimeSpan.FromHours(6); // six hours without data
        }
        var detector = new EnsembleDetector();
        var scores = Synthetic.Run(detector, t, v);
        Assert.All(scores, s => Assert.True(double.IsFinite(s) && s is >= 0 and <= 1));
        var alerts = scores.Skip(WarmUp).Count(s => s >= Threshold);
        Assert.True(alerts <= 5, $"{alerts} alerts; the gap and the missing values should not add a storm");
    }

    [Fact]
    public void Update_ConstantSeries_ScoresZero()
    {
        var detector = new EnsembleDetector();
        for (var i = 0; i < N; i++)
        {
            var r = detector.Update(Synthetic.Start + (Step * i), 5.0);
            Assert.Equal(0, r.Score);
            Assert.Equal(5.0, r.Expected);
        }
    }

    [Fact]
    public void Update_CounterReset_IsFlaggedOnceThenRelearned()
    {
        var random = new Random(3);
        var t = new DateTime[N];
        var v = new double[N];
        var counter = 1e6;
        for (var i = 0; i < N; i++)
        {
            t[i] = Synthetic.Start + (Step * i);
            counter = i == At ? 0 : counter + 100 + (10 * Synthetic.Gaussian(random));
            v[i] = counter;
        }
        var scores = Synthetic.Run(new EnsembleDetector(), t, v);
        Assert.True(scores[At] >= Threshold, $"reset scored {scores[At]:F3}");
        var later = scores.Skip(At + 1).Count(s => s >= Threshold);
        Assert.True(later <= 3, $"{later} more alerts after the reset");
    }

    [Fact]
    public void Update_Band_ContainsNormalValues()
    {
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        var detector = new EnsembleDetector();
        var inside = 0;
        for (var i = 0; i < N; i++)
        {
            var r = detector.Update(t[i], v[i]);
            if (i >= WarmUp && !r.IsOutsideBand(v[i]))
            {
                inside++;
            }
        }
        Assert.True(inside > 0.97 * (N - WarmUp), $"{inside} of {N - WarmUp} inside the band");
    }

    [Fact]
    public void Update_NoiseOnly_AlertsRarely()
    {
        // A stationary noisy cycle still breaks its all-time records now and then, and a record after thousands of
        // points is reported: the record model is what finds most anomalies in NAB. It must stay rare.
        var (t, v) = Synthetic.Series(N, Step, amplitude: 20, noise: 2);
        var scores = Synthetic.Run(new EnsembleDetector(), t, v);
        var alerts = scores.Skip(WarmUp).Count(s => s >= Threshold);
        Assert.True(alerts <= 5, $"{alerts} alerts on {N - WarmUp} normal points");
    }

    [Fact]
    public void Update_DailyJobWithAnHourOfJitter_FadesAfterAFewDays()
    {
        // A nightly job on an idle machine: one 5-minute spike around 03:00, ± 1 hour, every day (NAB's
        // ec2_cpu_utilization_c6585a). The phase echo remembers the job across cycles; summed over five seeds, at
        // most 20 of the 45 spikes from day 5 on are still alerted on: 18, where the echo also looks half an hour
        // away at half a decade less (21 with ±15 minutes only, 34 with the shorter memory used before that).
        const int perDay = 288, days = 14;
        var late = 0;
        var alerted = 0;
        for (var seed = 0; seed < 5; seed++)
        {
            var random = new Random(seed == 0 ? 42 : seed);
            var t = new DateTime[perDay * days];
            var v = new double[t.Length];
            for (var i = 0; i < v.Length; i++)
            {
                t[i] = Synthetic.Start + (Step * i);
                v[i] = 0.1 + (0.02 * random.NextDouble());
            }
            var spikes = new List<int>();
            for (var day = 0; day < days; day++)
            {
                var at = (day * perDay) + 36 + random.Next(-12, 13);
                spikes.Add(at);
                v[at] += 1.4 + (0.2 * random.NextDouble());
            }
            var scores = Synthetic.Run(new EnsembleDetector(), t, v);
            var fromDay5 = spikes.Where(s => s >= 5 * perDay).ToList();
            late += fromDay5.Count;
            alerted += fromDay5.Count(s => scores[s] >= Threshold);
        }
        Assert.Equal(45, late);
        Assert.True(alerted <= 20, $"{alerted} of {late} recurring spikes alerted on");
    }

    [Fact]
    public void Update_BurstsWithinTheirBusyHours_FadeButABurstAtNightIsFlagged()
    {
        // A bursty instance (NAB's AWS CPU and request-count files): working hours (09:00–17:00) bring a few bursts a
        // day at random minutes, each as high as earlier days' bursts in the same hour, nights are quiet. The phase
        // echoes' quarter-hour bins rarely see the same minute twice; the hour of day's peak remembers how high each
        // hour has been. Summed over five seeds, 7 of the 120 bursts from day 5 on are still alerted on (21
        // without the discount); a burst as high at 02:00 on the last day is news every time.
        const int perDay = 288, perHour = 12, days = 14;
        var late = 0;
        var alerted = 0;
        var night = 0;
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var t = new DateTime[perDay * days];
            var v = new double[t.Length];
            for (var i = 0; i < v.Length; i++)
            {
                t[i] = Synthetic.Start + (Step * i);
                v[i] = 10 + random.NextDouble();
            }
            var bursts = new List<int>();
            for (var day = 0; day < days - 1; day++)
            {
                for (var k = 0; k < 3; k++)
                {
                    var at = (day * perDay) + (9 * perHour) + random.Next(0, 8 * perHour);
                    bursts.Add(at);
                    v[at] += 8 + (4 * random.NextDouble());
                }
            }
            var other = ((days - 1) * perDay) + (2 * perHour);
            v[other] += 12;
            var scores = Synthetic.Run(new EnsembleDetector(), t, v);
            var fromDay5 = bursts.Where(s => s >= 5 * perDay).ToList();
            late += fromDay5.Count;
            alerted += fromDay5.Count(s => scores[s] >= Threshold);
            night += scores[other] >= Threshold ? 1 : 0;
        }
        Assert.Equal(120, late);
        Assert.True(alerted <= 12, $"{alerted} of {late} bursts alerted on");
        Assert.Equal(5, night);
    }

    [Theory]
    [InlineData(300, 12, 5)]
    [InlineData(60, 12, 5)]
    [InlineData(15, 12, 5)]
    [InlineData(300, 3, 8)]
    public void Update_DailyJobOnASeriesWithAnotherPeriod_FadesButALargerSpikeAtAnotherHourIsFlagged(int stepSeconds, double jobSize, int maxAlerted)
    {
        // A 7-hour cycle (the period detector finds 7 h, not a day) with a job at 03:00 every day. The phase echo
        // follows the detected period, whose phases drift against the day, so it never sees the job recur; the
        // daily echo does: over five seeds none of the 45 jobs from day 5 on is alerted on at 5-minute sampling (40
        // without the daily echo), and it forgets per day, not per point, so 1-minute and 15-second sampling fade
        // as well (a per-point decay forgot the job within the day there). A larger spike at 15:00 on the last day
        // is still news. A marginal job (+3, evidence of 2–3 decades) fades too since the daily echo starts at
        // 2 decades: 5 of 45 alerted from day 5 on (21 when it started at 3; round nab7 in docs/benchmarks.md).
        const int days = 14;
        var step = TimeSpan.FromSeconds(stepSeconds);
        var perDay = (int)(TimeSpan.FromDays(1) / step);
        var perHour = (int)(TimeSpan.FromHours(1) / step);
        var late = 0;
        var alerted = 0;
        var elsewhere = 0;
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var t = new DateTime[perDay * days];
            var v = new double[t.Length];
            for (var i = 0; i < v.Length; i++)
            {
                t[i] = Synthetic.Start + (step * i);
                v[i] = 10 + (4 * Math.Sin(2 * Math.PI * i / (7.0 * perHour))) + random.NextDouble();
            }
            var jobs = Enumerable.Range(0, days).Select(day => (day * perDay) + (3 * perHour)).ToList();
            foreach (var at in jobs)
            {
                v[at] += jobSize + random.NextDouble();
            }
            var other = ((days - 1) * perDay) + (15 * perHour);
            v[other] += 20;
            var detector = new EnsembleDetector();
            var scores = Synthetic.Run(detector, t, v);
            Assert.Equal(TimeSpan.FromHours(7), detector.Period);
            var fromDay5 = jobs.Where(s => s >= 5 * perDay).ToList();
            late += fromDay5.Count;
            alerted += fromDay5.Count(s => scores[s] >= Threshold);
            elsewhere += scores[other] >= Threshold ? 1 : 0;
        }
        Assert.Equal(45, late);
        Assert.True(alerted <= maxAlerted, $"{alerted} of {late} daily jobs alerted on");
        Assert.Equal(5, elsewhere);
    }

    [Fact]
    public void Update_SpikeOnASeriesThatAlternates_IsFlagged()
    {
        // 1, 2, 1, 2, … then 500 (the console test's search_errors). The long-range model used to sample every 4th
        // point at a fixed offset: it saw only the 1s, took every 2 for an excursion, and the evidence calibrator
        // then learned that excursions were this series' normal, so the spike scored 0. The offset is now hashed
        // per block, so no period of the series can hide one of its phases from the sample.
        var t = new DateTime[151];
        var v = new double[151];
        for (var i = 0; i < v.Length; i++)
        {
            t[i] = Synthetic.Start.AddSeconds(i);
            v[i] = i == 150 ? 500 : 1 + (i % 2);
        }
        var scores = Synthetic.Run(new EnsembleDetector(), t, v);
        Assert.True(scores[150] >= Threshold, $"spike scored {scores[150]:F3}");
        Assert.Equal(0, scores[101..150].Count(s => s >= Threshold));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Update_SpikesArrivingFaster_IsFlaggedOnlyWhenDenser(bool denser)
    {
        // An idle series with a pair of identical spikes every 100 points (a health check), and from point 3000 the
        // same spikes five times within 16 points (NAB's art_increase_spike_density). Each spike alone is as usual;
        // only their density is new, and only that is alerted on.
        var t = new DateTime[N];
        var v = new double[N];
        int[] extra = [At + 5, At + 10, At + 15];
        for (var i = 0; i < N; i++)
        {
            t[i] = Synthetic.Start + (Step * i);
            v[i] = i % 100 is 0 or 6 || (denser && extra.Contains(i)) ? 20 : 0;
        }
        AssertFlaggedOnlyWhen(Synthetic.Run(new EnsembleDetector(), t, v), denser, "denser spikes", "usual spikes");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Update_BurstThatLastsLongerThanAnyBefore_IsFlaggedOnlyWhenLonger(bool longer)
    {
        // A noisy series with bursts 6σ up of 3–6 points every 100–200 points (a batch job of varying size), and
        // from point 3000 one burst at the same height that lasts 20 points. No point of it is further off than the
        // bursts before; only its duration is new, and only that is alerted on (the long burst scores 0.35 without
        // the excursion-duration model).
        var random = new Random(13);
        var t = new DateTime[N];
        var v = new double[N];
        var burstEnd = -1;
        var nextBurst = WarmUp / 2;
        for (var i = 0; i < N; i++)
        {
            t[i] = Synthetic.Start + (Step * i);
            if (i == At)
            {
                burstEnd = At + (longer ? 20 : 5);
            }
            else if (i == nextBurst && i < At - 10)
            {
                burstEnd = i + random.Next(3, 7);
                nextBurst = i + random.Next(100, 201);
            }
            v[i] = (i < burstEnd ? 6 : 0) + Synthetic.Gaussian(random);
        }
        AssertFlaggedOnlyWhen(Synthetic.Run(new EnsembleDetector(), t, v), longer, "the long burst", "a burst of the usual length");
    }

    [Fact]
    public void Update_FirstFourDays_MarginalSurprisesAreDiscountedButASpikeIsFlagged()
    {
        // A young series has not shown its daily routine yet, so its first days' marginal surprises are weaker evidence:
        // on 20 noisy daily cycles at 5 minutes (amplitude 5, noise 2), 20 normal points alert between the warm-up and
        // day 4 (33 without the early-life discount). A spike of 12 noise deviations on day 2 still alerts on every seed.
        const int perDay = 288, days = 8;
        int early = 0, spikes = 0;
        for (var seed = 1; seed <= 20; seed++)
        {
            var (t, v) = Synthetic.Series(perDay * days, Step, amplitude: 5, noise: 2, seed);
            var scores = Synthetic.Run(new EnsembleDetector(), t, v);
            early += scores[100..(4 * perDay)].Count(s => s >= Threshold);
            var at = (2 * perDay) + 100 + (7 * seed);
            v[at] += 25;
            spikes += Synthetic.Run(new EnsembleDetector(), t, v)[at] >= Threshold ? 1 : 0;
        }
        Assert.True(early <= 26, $"{early} alerts on normal points in the first four days");
        Assert.Equal(20, spikes);
    }

    [Fact]
    public void Snapshot_DailyCycleAtOneMinute_StaysUnder16KB()
    {
        // The engine's budget for one series' detector state (issue 3): daily seasonality at 1-minute resolution.
        var (t, v) = Synthetic.Series(4 * 1440, TimeSpan.FromMinutes(1), amplitude: 20, noise: 2);
        var detector = new EnsembleDetector();
        Synthetic.Run(detector, t, v);
        Assert.Equal(TimeSpan.FromDays(1), detector.Period);
        var bytes = DetectorSnapshot.Save(detector).Length;
        Assert.True(bytes <= 16 * 1024, $"{bytes} bytes of state");
        Assert.True(detector.StateBytes <= 16 * 1024, $"{detector.StateBytes} bytes of state");
    }

    /// <summary>
    /// What happens from <see cref="At"/> is flagged within 40 points if <paramref name="anomalous"/> and not otherwise,
    /// and normal points before it were flagged rarely.
    /// </summary>
    private static void AssertFlaggedOnlyWhen(double[] scores, bool anomalous, string anomaly, string usual)
    {
        var inside = scores[At..(At + 40)].Max();
        var before = scores[WarmUp..At].Count(s => s >= Threshold);
        Assert.True(before <= 3, $"{before} alerts on {At - WarmUp} normal points");
        if (anomalous)
        {
            Assert.True(inside >= Threshold, $"{anomaly} scored {inside:F3} < {Threshold}");
        }
        else
        {
            Assert.True(inside < Threshold, $"{usual} scored {inside:F3}");
        }
    }

    /// <summary>The anomaly is flagged, and normal points before it were flagged rarely.</summary>
    private static void AssertDetected(DateTime[] t, double[] v, int from, int to)
    {
        var scores = Synthetic.Run(new EnsembleDetector(), t, v);
        var inside = scores[from..to].Max();
        var before = scores[WarmUp..from].Count(s => s >= Threshold);
        Assert.True(inside >= Threshold, $"anomaly scored {inside:F3} < {Threshold}");
        Assert.True(before <= 3, $"{before} alerts on {from - WarmUp} normal points");
    }
    [Theory]
    [InlineData(0.0025, 1, 1, 1, 1, 1, 0.8)] // the robust model alone at 2.2 decades (after ×4)
    [InlineData(1, 1, 0.0025, 1, 1, 1, 0.8)] // the range model alone
    [InlineData(0.0025, 1, 0.5, 1, 1, 1, 0.8)] // the range model at 0.9 decades is no second opinion
    [InlineData(0.0025, 0.05, 1, 1, 1, 1, 0.8)] // nor is the seasonal one at 0.7
    [InlineData(0.0025, 0.005, 1, 1, 1, 1, 1.0)] // the seasonal model at 1.7 decades agrees
    [InlineData(0.0025, 1, 1, 0.005, 1, 1, 1.0)] // so does a record break at 1.8
    [InlineData(0.0025, 1, 1, 1, 1, 0.005, 1.0)] // or the hour of day at 1.6
    [InlineData(1, 0.0025, 1, 1, 1, 1, 1.0)] // the seasonal model alone is not discounted
    [InlineData(1, 1, 1, 0.002, 1, 1, 1.0)] // nor a record break alone
    public void LoneDiscount_MarginalEvidenceOfTheRobustOrRangeModelAlone_IsScaledDown(
        double robust, double seasonal, double range, double record, double density, double hour, double expected)
    {
        Assert.Equal(expected, EnsembleDetector.LoneDiscount(robust, seasonal, range, record, density, hour));
    }
}
