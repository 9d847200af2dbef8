using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Series;
using Vigil.Core.Topology;
using Vigil.Simulation.Faults;
using Vigil.Simulation.Fleet;

namespace Vigil.Simulation.Generation;

/// <summary>
/// Samples a fleet frame by frame, lazily: per service, request and error counters, latency p50/p95, CPU seconds,
/// resident memory and free disk, with a daily cycle and noise; log lines; alerts from simple rules on those values
/// (and unrelated noise alerts); deploys. Faults degrade the services they reach from their onset on. Only the
/// current state is held, so days of a 200-service fleet stream in constant memory. The same fleet, faults, options
/// and seed give the same frames.
/// </summary>
public sealed class FleetSimulator
{
    /// <summary>Metric names, as Prometheus exporters and client libraries name them.</summary>
    public static class MetricNames
    {
        /// <summary>Counter of requests served, labelled <c>code</c> = 200 or 500.</summary>
        public const string Requests = "http_requests_total";

        /// <summary>Latency summary quantiles (<c>quantile</c> = 0.5, 0.95), in seconds.</summary>
        public const string Latency = "http_request_duration_seconds";

        /// <summary>Counter of CPU seconds used.</summary>
        public const string Cpu = "process_cpu_seconds_total";

        /// <summary>Resident memory in bytes.</summary>
        public const string Memory = "process_resident_memory_bytes";

        /// <summary>Free bytes on the service's data volume (<c>mountpoint</c> = /data).</summary>
        public const string DiskFree = "node_filesystem_avail_bytes";
    }

    private static readonly string[] NoiseAlertNames = ["CertificateExpiringSoon", "NTPClockSkew", "PodRestarted", "BackupTooOld", "TargetScrapeSlow", "ConfigReloadFailed", "KubeJobFailed"];

    private readonly FleetModel _fleet;
    private readonly ImmutableArray<InjectedFault> _faults;
    private readonly SimulationOptions _options;
    private readonly int _seed;

    /// <summary>A simulator of <paramref name="fleet"/> with <paramref name="faults"/> injected.</summary>
    public FleetSimulator(FleetModel fleet, IEnumerable<InjectedFault> faults, SimulationOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(options);
        _fleet = fleet;
        _faults = [.. faults.OrderBy(static f => f.Truth.Start)];
        _options = options.Validate();
        _seed = seed;
    }

    /// <summary>The fleet.</summary>
    public FleetModel Fleet => _fleet;

    /// <summary>The faults, by start.</summary>
    public ImmutableArray<InjectedFault> Faults => _faults;

    /// <summary>The scrape interval.</summary>
    public TimeSpan Step => _options.Step;

    /// <summary>Frames from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive), one per step, generated as they are enumerated.</summary>
    public IEnumerable<SimulationFrame> Run(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "the end is before the start");
        }
        return RunIterator(start, end);
    }

    private IEnumerable<SimulationFrame> RunIterator(DateTimeOffset start, DateTimeOffset end)
    {
        var random = new Random(_seed);
        var state = _fleet.Services.Select(s => new ServiceState(s, random)).ToArray();
        var step = _options.Step;
        var noiseAlerts = new List<(SimulatedAlert Alert, DateTimeOffset Ends)>();
        var firstFault = 0;
        for (var at = start; at < end; at += step)
        {
            var metrics = new List<MetricPoint>(state.Length * ServiceState.SeriesCount);
            var logs = new List<SimulatedLogLine>();
            var alerts = new List<SimulatedAlert>();
            var changes = new List<ChangeEvent>();
            var started = new List<FaultTruth>();
            while (firstFault < _faults.Length && _faults[firstFault].Truth.End <= at - TimeSpan.FromHours(1))
            {
                firstFault++;
            }
            var active = new List<InjectedFault>();
            for (var f = firstFault; f < _faults.Length && _faults[f].Truth.Start <= at; f++)
            {
                var fault = _faults[f];
                if (fault.Truth.Start > at - step)
                {
                    started.Add(fault.Truth);
                    if (fault.Truth.Kind == FaultKind.BadDeploy)
                    {
                        changes.Add(new ChangeEvent(fault.Truth.Root, fault.Truth.Start, F($"deploy {fault.Truth.Root} {Version(fault.Truth.Id)}")) { Kind = ChangeKind.Deploy });
                    }
                }
                if (fault.Truth.End > at)
                {
                    active.Add(fault);
                }
            }
            foreach (var service in state)
            {
                service.Advance(at, step, active, _options, random, metrics, logs, alerts);
            }
            NoiseEvents(at, state, random, noiseAlerts, alerts, changes);
            logs.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
            yield return new SimulationFrame(at, metrics, logs, alerts, changes, started);
        }
    }

    private void NoiseEvents(DateTimeOffset at, ServiceState[] state, Random random, List<(SimulatedAlert Alert, DateTimeOffset Ends)> open, List<SimulatedAlert> alerts, List<ChangeEvent> changes)
    {
        var perStep = _options.Step.TotalHours;
        for (var i = open.Count - 1; i >= 0; i--)
        {
            if (open[i].Ends <= at)
            {
                alerts.Add(open[i].Alert with { EndsAt = at });
                open.RemoveAt(i);
            }
        }
        if (random.NextDouble() < _options.NoiseAlertsPerHour * perStep)
        {
            var service = state[random.Next(state.Length)].Service;
            var name = NoiseAlertNames[random.Next(NoiseAlertNames.Length)];
            var alert = new SimulatedAlert(AlertLabels(service, name, "warning"), F($"{name} on {service.Name}"), at, null, IsNoise: true);
            alerts.Add(alert);
            open.Add((alert, at + TimeSpan.FromMinutes(2 + random.Next(0, 18))));
        }
        if (random.NextDouble() < _options.NoiseDeploysPerHour * perStep)
        {
            var service = state[random.Next(state.Length)].Service;
            changes.Add(new ChangeEvent(service.Name, at, F($"deploy {service.Name} v1.{random.Next(2, 40)}.{random.Next(0, 9)}")) { Kind = ChangeKind.Deploy });
        }
    }

    internal static Labels AlertLabels(SimulatedService service, string name, string severity) =>
        Labels.From("alertname", name, "instance", service.Instance, "job", service.Name, "service", service.Name, "severity", severity);

    internal static string Version(string faultId) => F($"v2.{faultId[1..]}.0");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One service's running state: counters, alert rules, the series keys.</summary>
    private sealed class ServiceState
    {
        public const int SeriesCount = 7;
        private const int RuleSteps = 4;
        private static readonly (string Name, string Severity)[] Rules =
        [
            ("HighErrorRate", "critical"), ("HighLatency", "warning"), ("HighCpuUsage", "warning"), ("MemoryHigh", "warning"), ("DiskAlmostFull", "critical"),
        ];

        private readonly SeriesKey[] _keys;
        private readonly int[] _ruleRun = new int[Rules.Length];
        private readonly SimulatedAlert?[] _firing = new SimulatedAlert?[Rules.Length];
        private double _ok;
        private double _errors;
        private double _cpuSeconds;
        private double _logDebt;

        public ServiceState(SimulatedService service, Random random)
        {
            Service = service;
            string[] common = ["host", service.Host, "instance", service.Instance, "job", service.Name, "service", service.Name];
            SeriesKey Key(string name, params string[] extra) => SeriesKey.Create(Labels.From([Label.MetricName, name, .. common, .. extra]));
            _keys =
            [
                Key(MetricNames.Requests, "code", "200"),
                Key(MetricNames.Requests, "code", "500"),
                Key(MetricNames.Latency, "quantile", "0.5"),
                Key(MetricNames.Latency, "quantile", "0.95"),
                Key(MetricNames.Cpu),
                Key(MetricNames.Memory),
                Key(MetricNames.DiskFree, "mountpoint", "/data"),
            ];
            // Counters start where a process that has been up for a while would be.
            _ok = Math.Floor(service.PeakRate * random.Next(3600, 86400));
            _errors = Math.Floor(_ok * service.ErrorRatio);
            _cpuSeconds = Math.Round(service.CpuCores * random.Next(3600, 86400), 2);
        }

        public SimulatedService Service { get; }

        public void Advance(DateTimeOffset at, TimeSpan step, List<InjectedFault> active, SimulationOptions options, Random random, List<MetricPoint> metrics, List<SimulatedLogLine> logs, List<SimulatedAlert> alerts)
        {
            var s = Service;
            var hour = at.UtcDateTime.TimeOfDay.TotalHours;
            var season = 1 + (0.35 * Math.Sin(2 * Math.PI * (hour - 9) / 24));
            var noise = options.Noise;

            double latencyFactor = 1, errorAdd = 0, cpuAdd = 0, memoryAdd = 0, diskFill = 0;
            InjectedFault? worst = null;
            string? via = null;
            var worstStrength = 0.0;
            foreach (var fault in active)
            {
                foreach (var impact in fault.Impacts)
                {
                    if (impact.Service != s.Name)
                    {
                        continue;
                    }
                    var i = fault.Intensity(at, impact.Onset) * fault.Magnitude;
                    if (i <= 0)
                    {
                        break;
                    }
                    var a = impact.Attenuation;
                    var root = impact.Hops == 0;
                    var spread = FaultPlanner.Spread(fault.Truth.Kind);
                    switch (fault.Truth.Kind)
                    {
                        case FaultKind.Latency:
                            latencyFactor *= 1 + (5 * a * i);
                            break;
                        case FaultKind.ErrorBurst:
                            errorAdd += 0.3 * a * i;
                            latencyFactor *= 1 + (0.3 * a * i);
                            break;
                        case FaultKind.CpuHog:
                            cpuAdd += root ? (2 + (3 * s.CpuCores)) * i : 0;
                            latencyFactor *= 1 + (2.5 * a * spread * i);
                            break;
                        case FaultKind.MemoryLeak:
                            memoryAdd += 2.5 * s.MemoryBytes * i;
                            latencyFactor *= 1 + (2 * i * i * i);
                            break;
                        case FaultKind.DiskFill:
                            diskFill = Math.Max(diskFill, i);
                            errorAdd += i > 0.85 ? 0.2 : 0;
                            break;
                        case FaultKind.DependencyOutage:
                            errorAdd += 0.9 * a * i;
                            latencyFactor *= 1 + (6 * a * i);
                            break;
                        case FaultKind.BadDeploy:
                            errorAdd += 0.2 * a * spread * i;
                            latencyFactor *= 1 + (2 * a * spread * i);
                            cpuAdd += root ? 0.5 * s.CpuCores * i : 0;
                            break;
                    }
                    if (a * i > worstStrength)
                    {
                        worstStrength = a * i;
                        worst = fault;
                        via = root ? null : NextHop(fault, impact);
                    }
                    break;
                }
            }

            var rate = s.PeakRate / 1.35 * season * Math.Max(0.2, 1 + (noise * Normal(random)));
            var errorRatio = Math.Clamp((s.ErrorRatio * Math.Max(0, 1 + (0.3 * Normal(random)))) + errorAdd, 0, 1);
            var seconds = step.TotalSeconds;
            _ok += rate * seconds * (1 - errorRatio);
            _errors += rate * seconds * errorRatio;
            var p50 = s.LatencySeconds * (1 + (0.25 * (season - 1))) * Math.Max(0.3, 1 + (noise * Normal(random))) * latencyFactor;
            var p95 = p50 * (2.2 + (0.1 * Normal(random)));
            var cores = (s.CpuCores * (0.3 + (0.7 * season / 1.35)) * Math.Max(0.2, 1 + (noise * Normal(random)))) + cpuAdd;
            _cpuSeconds += cores * seconds;
            var memory = (s.MemoryBytes * (1 + (0.01 * Normal(random)))) + memoryAdd;
            var used = s.DiskUsedShare + (0.002 * (at.ToUnixTimeSeconds() % 86400) / 86400.0) + (0.0005 * Normal(random));
            used += (0.97 - used) * diskFill;
            var free = Math.Round(s.DiskBytes * (1 - used));

            metrics.Add(new(_keys[0], Math.Floor(_ok)));
            metrics.Add(new(_keys[1], Math.Floor(_errors)));
            metrics.Add(new(_keys[2], Math.Round(p50, 6)));
            metrics.Add(new(_keys[3], Math.Round(p95, 6)));
            metrics.Add(new(_keys[4], Math.Round(_cpuSeconds, 2)));
            metrics.Add(new(_keys[5], Math.Round(memory)));
            metrics.Add(new(_keys[6], free));

            Logs(at, step, season, errorRatio, latencyFactor, worst, via, options, random, logs);
            Evaluate(at, [errorRatio > 0.05, p95 > 4 * 2.2 * s.LatencySeconds, cores > 2 * s.CpuCores + 1, memory > 2 * s.MemoryBytes, used > 0.9],
                [F($"{s.Name}: {errorRatio * 100:0.#}% of requests fail"), F($"{s.Name}: p95 latency {p95 * 1000:0} ms"), F($"{s.Name}: {cores:0.#} cores busy"),
                 F($"{s.Name}: resident memory {memory / (1 << 20):0} MiB"), F($"{s.Name}: data volume {used * 100:0}% full")], alerts);
        }

        private static string? NextHop(InjectedFault fault, FaultImpact impact)
        {
            // The callee this service feels the fault through: an affected dependency one hop closer to the root.
            foreach (var other in fault.Impacts)
            {
                if (other.Hops == impact.Hops - 1)
                {
                    return other.Service;
                }
            }
            return null;
        }

        private void Logs(DateTimeOffset at, TimeSpan step, double season, double errorRatio, double latencyFactor, InjectedFault? worst, string? via, SimulationOptions options, Random random, List<SimulatedLogLine> logs)
        {
            var s = Service;
            var stepMs = (long)step.TotalMilliseconds;
            SimulatedLogLine Line(string severity, string body) =>
                new(at - TimeSpan.FromMilliseconds(random.NextInt64(0, stepMs)), s.Name, s.Host, severity, body);
            _logDebt += options.LogLinesPerStep * season / 1.35;
            var ordinary = (int)_logDebt;
            _logDebt -= ordinary;
            if (random.NextDouble() < _logDebt)
            {
                ordinary++;
                _logDebt -= 1;
            }
            for (var i = 0; i < ordinary; i++)
            {
                logs.Add(Line("INFO", LogTemplates.Ordinary(random, s.Name)));
            }
            if (worst is null)
            {
                if (random.NextDouble() < s.ErrorRatio * 20)
                {
                    logs.Add(Line("ERROR", LogTemplates.Error(random, FaultKind.ErrorBurst, null, "")));
                }
                return;
            }
            var errors = Math.Min(20, (int)Math.Round(errorRatio * 40));
            for (var i = 0; i < errors; i++)
            {
                logs.Add(Line("ERROR", LogTemplates.Error(random, worst.Truth.Kind, via, Version(worst.Truth.Id))));
            }
            var slow = latencyFactor > 1.8 ? 1 + random.Next(3) : 0;
            for (var i = 0; i < slow; i++)
            {
                logs.Add(Line("WARN", LogTemplates.Slow(random, via ?? s.Name)));
            }
            if (errors == 0 && slow == 0 && worst.Truth.Kind is FaultKind.MemoryLeak or FaultKind.CpuHog && random.NextDouble() < 0.5)
            {
                logs.Add(Line("WARN", LogTemplates.Error(random, worst.Truth.Kind, null, "")));
            }
        }

        private void Evaluate(DateTimeOffset at, ReadOnlySpan<bool> conditions, ReadOnlySpan<string> summaries, List<SimulatedAlert> alerts)
        {
            for (var r = 0; r < Rules.Length; r++)
            {
                if (conditions[r])
                {
                    // Like a Prometheus rule with `for: 1m`: it fires once the condition held for four scrapes.
                    if (++_ruleRun[r] == RuleSteps && _firing[r] is null)
                    {
                        var alert = new SimulatedAlert(AlertLabels(Service, Rules[r].Name, Rules[r].Severity), summaries[r], at, null, IsNoise: false);
                        _firing[r] = alert;
                        alerts.Add(alert);
                    }
                }
                else
                {
                    _ruleRun[r] = 0;
                    if (_firing[r] is { } firing)
                    {
                        alerts.Add(firing with { EndsAt = at });
                        _firing[r] = null;
                    }
                }
            }
        }

        private static double Normal(Random random)
        {
            // Box–Muller; 1 − u keeps the logarithm finite.
            var u = 1 - random.NextDouble();
            var v = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
        }
    }
}
