using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Vigil.Simulation.Faults;
using Vigil.Simulation.Fleet;
using Vigil.Simulation.Generation;

namespace Vigil.Simulation.Tests.Generation;

public sealed class FleetSimulatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static FleetSimulator Simulator(int seed, int services = 25, int faults = 7)
    {
        var fleet = FleetBuilder.Build(new FleetOptions { Services = services }, seed);
        var plan = FaultPlanner.Plan(fleet, new FaultPlanOptions { Count = faults, FirstStart = Start + TimeSpan.FromHours(1), MinGap = TimeSpan.FromMinutes(5), MaxGap = TimeSpan.FromMinutes(6) }, seed);
        return new FleetSimulator(fleet, plan, new SimulationOptions { NoiseAlertsPerHour = 6, NoiseDeploysPerHour = 3 }, seed);
    }

    private static ulong Digest(IEnumerable<SimulationFrame> frames)
    {
        var hash = new XxHash64();
        foreach (var frame in frames)
        {
            var text = new StringBuilder().Append(frame.Timestamp.ToUnixTimeMilliseconds());
            foreach (var m in frame.Metrics)
            {
                text.Append(m.Key).Append('=').Append(m.Value.ToString("R", CultureInfo.InvariantCulture)).Append(';');
            }
            foreach (var l in frame.Logs)
            {
                text.Append(l.Timestamp.ToUnixTimeMilliseconds()).Append(l.Service).Append(l.Severity).Append(l.Body).Append(';');
            }
            foreach (var a in frame.Alerts)
            {
                text.Append(a.Labels).Append(a.StartsAt.Ticks).Append(a.EndsAt?.Ticks).Append(a.Summary).Append(';');
            }
            foreach (var c in frame.Changes)
            {
                text.Append(c).Append(';');
            }
            hash.Append(Encoding.UTF8.GetBytes(text.ToString()));
        }
        return hash.GetCurrentHashAsUInt64();
    }

    [Fact]
    public void Run_SameSeed_IdenticalOutput_OtherSeed_Different()
    {
        var end = Start + TimeSpan.FromHours(3);

        var first = Digest(Simulator(11).Run(Start, end));
        var second = Digest(Simulator(11).Run(Start, end));
        var other = Digest(Simulator(12).Run(Start, end));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Run_EveryFrame_SevenSeriesPerServiceWithTheirLabels_CountersNeverDecrease()
    {
        var simulator = Simulator(1);
        var previous = new Dictionary<Core.Series.SeriesKey, double>();
        var frames = 0;
        foreach (var frame in simulator.Run(Start, Start + TimeSpan.FromHours(2)))
        {
            frames++;
            Assert.Equal(7 * 25, frame.Metrics.Count);
            foreach (var point in frame.Metrics)
            {
                var labels = point.Key.Labels;
                Assert.NotNull(labels.Get("job"));
                Assert.Equal(labels.Get("job"), labels.Get("service"));
                Assert.StartsWith(labels.Get("host")! + ":", labels.Get("instance"), StringComparison.Ordinal);
                Assert.True(double.IsFinite(point.Value) && point.Value >= 0, $"{point.Key} = {point.Value}");
                if (point.Key.MetricName.EndsWith("_total", StringComparison.Ordinal) && previous.TryGetValue(point.Key, out var before))
                {
                    Assert.True(point.Value >= before, $"{point.Key} went down");
                }
                previous[point.Key] = point.Value;
            }
            Assert.True(frame.Logs.Zip(frame.Logs.Skip(1)).All(static p => p.First.Timestamp <= p.Second.Timestamp));
        }
        Assert.Equal(480, frames);
        Assert.Equal(
            ["http_request_duration_seconds", "http_requests_total", "node_filesystem_avail_bytes", "process_cpu_seconds_total", "process_resident_memory_bytes"],
            previous.Keys.Select(static k => k.MetricName).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_Faults_DegradeTheRootAndRaiseAlertsLogsAndDeploys()
    {
        var simulator = Simulator(2);
        var latency = simulator.Faults.First(static f => f.Truth.Kind == FaultKind.Latency).Truth;
        var errors = simulator.Faults.First(static f => f.Truth.Kind == FaultKind.ErrorBurst).Truth;
        var deploy = simulator.Faults.First(static f => f.Truth.Kind == FaultKind.BadDeploy).Truth;
        var p50Before = new List<double>();
        var p50During = new List<double>();
        var alerts = new List<SimulatedAlert>();
        var errorLines = new List<SimulatedLogLine>();
        var changes = new List<Core.Topology.ChangeEvent>();
        var started = new List<FaultTruth>();
        foreach (var frame in simulator.Run(Start, simulator.Faults[^1].Truth.End + TimeSpan.FromMinutes(5)))
        {
            alerts.AddRange(frame.Alerts);
            changes.AddRange(frame.Changes);
            started.AddRange(frame.FaultsStarted);
            errorLines.AddRange(frame.Logs.Where(static l => l.Severity == "ERROR"));
            var p50 = frame.Metrics.Single(m => m.Key.Labels.Get("service") == latency.Root && m.Key.Labels.Get("quantile") == "0.5").Value;
            if (frame.Timestamp >= latency.Start - TimeSpan.FromMinutes(10) && frame.Timestamp < latency.Start)
            {
                p50Before.Add(p50);
            }
            else if (frame.Timestamp >= latency.Start + TimeSpan.FromMinutes(1) && frame.Timestamp < latency.End)
            {
                p50During.Add(p50);
            }
        }

        Assert.True(p50During.Min() > 2 * p50Before.Max(), $"p50 {p50Before.Max()} → {p50During.Min()}");
        Assert.Equal(simulator.Faults.Select(static f => f.Truth), started);
        Assert.Contains(alerts, a => a.Name == "HighErrorRate" && a.Service == errors.Root && a.StartsAt >= errors.Start && a.StartsAt <= errors.Start + TimeSpan.FromMinutes(2) && !a.IsNoise);
        Assert.Contains(alerts, a => a.Name == "HighErrorRate" && a.Service == errors.Root && a.EndsAt is { } end && end >= errors.End);
        Assert.Contains(alerts, static a => a.IsNoise);
        Assert.Contains(changes, c => c.Entity == deploy.Root && c.Timestamp == deploy.Start);
        Assert.Contains(errorLines, l => l.Service == deploy.Root && l.Body.Contains("NullReferenceException", StringComparison.Ordinal));
        Assert.True(changes.Count > 1, "unrelated deploys too");
    }

    [Fact]
    public void Run_IsLazy_AYearOfTwoHundredServicesStartsAtOnce()
    {
        var fleet = FleetBuilder.Build(new FleetOptions { Services = 200 }, seed: 1);
        var simulator = new FleetSimulator(fleet, [], new SimulationOptions(), seed: 1);

        var frames = simulator.Run(Start, Start + TimeSpan.FromDays(365)).Take(3).ToList();

        Assert.Equal([Start, Start + TimeSpan.FromSeconds(15), Start + TimeSpan.FromSeconds(30)], frames.Select(static f => f.Timestamp));
        Assert.Equal(1400, frames[0].Metrics.Count);
    }

    [Fact]
    public void Run_DailyCycle_RequestRateHigherAfternoonThanNight()
    {
        var simulator = Simulator(3, faults: 1);
        var edge = simulator.Fleet.Services[0].Name;
        double Rate(DateTimeOffset from)
        {
            var frames = simulator.Run(from, from + TimeSpan.FromMinutes(10)).ToList();
            double Ok(SimulationFrame f) => f.Metrics.Single(m => m.Key.Labels.Get("service") == edge && m.Key.Labels.Get("code") == "200").Value;
            return (Ok(frames[^1]) - Ok(frames[0])) / (frames[^1].Timestamp - frames[0].Timestamp).TotalSeconds;
        }

        Assert.True(Rate(Start + TimeSpan.FromHours(15)) > 1.5 * Rate(Start + TimeSpan.FromHours(3)));
    }
}
