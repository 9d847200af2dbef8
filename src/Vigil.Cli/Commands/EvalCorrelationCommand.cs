using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Eval;
using Vigil.Correlation.Topology;
using Vigil.Detection;
using Vigil.Engine.Hosting;
using Vigil.Engine.Incidents;
using Vigil.Engine.Series;
using Vigil.Server.Incidents;
using Vigil.Server.Logs;
using Vigil.Simulation.Faults;
using Vigil.Simulation.Fleet;
using Vigil.Simulation.Generation;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil eval correlation</c>: simulate a fleet with injected faults, run Vigil's detectors over it, correlate the
/// signals into incidents and score them against the ground truth.
/// </summary>
internal static class EvalCorrelationCommand
{
    /// <summary>Where the simulated clock starts: a Monday, midnight UTC (any fixed instant would do).</summary>
    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static Command Create()
    {
        var services = new Option<int>("--services") { Description = $"Services in the fleet ({FleetOptions.MinServices}–{FleetOptions.MaxServices})", DefaultValueFactory = _ => 50 };
        var faults = new Option<int>("--faults") { Description = "Faults to inject, one after another", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fleet, the faults and the noise", DefaultValueFactory = _ => 1 };
        var step = new Option<string>("--step") { Description = "Scrape interval (15s, 30s, 1m)", DefaultValueFactory = _ => "15s" };
        var warmup = new Option<string>("--warmup") { Description = "Fault-free history before the first fault, to warm the detectors up (e.g. 30h)", DefaultValueFactory = _ => "30h" };
        var server = new CorrelationOptions();
        var threshold = new Option<double>("--threshold") { Description = "Detector score at or above which a metric point is anomalous (default: the engine's Engine:AnomalyThreshold)", DefaultValueFactory = _ => new EngineOptions().AnomalyThreshold };
        var engineDefaults = new EngineOptions();
        var pointsToOpen = new Option<int>("--points-to-open") { Description = "Anomalous points among the last N + 1 that open a metric signal (default: Engine:PointsToOpenSignal)", DefaultValueFactory = _ => engineDefaults.PointsToOpenSignal };
        var loneScore = new Option<double>("--lone-score") { Description = "Score from which one anomalous point opens a metric signal alone (default: Engine:LoneAnomalyScore)", DefaultValueFactory = _ => engineDefaults.LoneAnomalyScore };
        var hops = new Option<int>("--hops") { Description = "Grouping: most topology hops between related signals (default: the server's Correlation:MaxTopologyHops)", DefaultValueFactory = _ => server.MaxTopologyHops };
        var maxGap = new Option<string>("--max-gap") { Description = "Grouping: longest quiet time before an incident stops taking signals (default: Correlation:MaxGap)", DefaultValueFactory = _ => Seconds(server.MaxGap) };
        var transient = new Option<string>("--transient") { Description = "Pause transients: a signal that would open an incident and is over within this long opens none (0s: off; default: Correlation:TransientPause)", DefaultValueFactory = _ => Seconds(server.TransientPause) };
        var verbose = new Option<bool>("--verbose") { Description = "Also print each fault: its signals, incident and where its root ranked" };
        var command = new Command("correlation", "Simulate a fleet with injected faults and score Vigil's detection, grouping and root-cause ranking against the ground truth.")
        {
            services, faults, seed, step, warmup, threshold, pointsToOpen, loneScore, hops, maxGap, transient, verbose,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(services);
            if (n is < FleetOptions.MinServices or > FleetOptions.MaxServices)
            {
                Console.Error.WriteLine($"--services: {n} is out of range; a fleet has {FleetOptions.MinServices} to {FleetOptions.MaxServices} services");
                return 2;
            }
            var m = parse.GetValue(faults);
            if (m is < 1 or > 1000)
            {
                Console.Error.WriteLine($"--faults: {m} is out of range (1–1000)");
                return 2;
            }
            if (!TryParseDuration(parse.GetValue(step)!, out var interval) || interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromMinutes(5))
            {
                Console.Error.WriteLine($"--step: '{parse.GetValue(step)}' is not a duration between 1s and 5m (e.g. 15s, 1m)");
                return 2;
            }
            if (!TryParseDuration(parse.GetValue(warmup)!, out var history) || history < TimeSpan.FromMinutes(30))
            {
                Console.Error.WriteLine($"--warmup: '{parse.GetValue(warmup)}' is not a duration of at least 30m (e.g. 6h)");
                return 2;
            }
            var limit = parse.GetValue(threshold);
            if (!(limit is > 0 and <= 1))
            {
                Console.Error.WriteLine($"--threshold: {limit} is out of range (0, 1]");
                return 2;
            }
            if (!TryParseDuration(parse.GetValue(transient)!, out var pause))
            {
                Console.Error.WriteLine($"--transient: '{parse.GetValue(transient)}' is not a duration (e.g. 2m, 0s)");
                return 2;
            }
            if (!TryParseDuration(parse.GetValue(maxGap)!, out var gap) || parse.GetValue(hops) < 0)
            {
                Console.Error.WriteLine($"--max-gap: '{parse.GetValue(maxGap)}' must be a duration (e.g. 5m) and --hops at least 0");
                return 2;
            }
            var correlation = new CorrelationOptions { MaxGap = gap, MaxTopologyHops = parse.GetValue(hops), TransientPause = pause };
            IncidentOptions incidents;
            try
            {
                incidents = correlation.ToIncidentOptions();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"--hops/--max-gap/--transient: {e.Message}");
                return 2;
            }
            AnomalySignalRule rule;
            try
            {
                rule = new AnomalySignalRule(limit, parse.GetValue(pointsToOpen), new EngineOptions().PointsToClearSignal, Math.Max(limit, parse.GetValue(loneScore)));
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"--points-to-open/--lone-score: {e.Message}");
                return 2;
            }
            var score = Run(n, m, parse.GetValue(seed), interval, history, rule, incidents, Console.Error, out var header);
            Print(Console.Out, header, score, parse.GetValue(verbose));
            return 0;
        });
        return command;
    }

    /// <summary>Simulates, detects, correlates and scores; progress goes to <paramref name="progress"/>.</summary>
    internal static CorrelationScore Run(int services, int faults, int seed, TimeSpan step, TimeSpan warmup, AnomalySignalRule rule, IncidentOptions options, TextWriter progress, out string header)
    {
        var fleet = FleetBuilder.Build(new FleetOptions { Services = services }, seed);
        var countFrom = Epoch + warmup;
        var plan = FaultPlanner.Plan(fleet, new FaultPlanOptions { Count = faults, FirstStart = countFrom + TimeSpan.FromMinutes(5) }, seed);
        var simulator = new FleetSimulator(fleet, plan, new SimulationOptions { Step = step }, seed);
        var end = plan[^1].Truth.End + TimeSpan.FromMinutes(15);
        var frames = (int)Math.Ceiling((end - Epoch) / step);
        DetectorCatalog.TryCreate(DetectorCatalog.Default, out var detector);
        var analyzers = new SimulatedSignals(detector, rule, new LogsOptions().ToShardOptions(new EngineOptions().SnapshotInterval));
        var changes = new List<Core.Topology.ChangeEvent>();
        using (var bar = new ProgressBar(progress, frames, "simulate"))
        {
            var done = 0;
            foreach (var frame in simulator.Run(Epoch, end))
            {
                analyzers.Add(frame, countFrom);
                changes.AddRange(frame.Changes);
                if (++done % 40 == 0 || done == frames)
                {
                    bar.Report(done);
                }
            }
        }
        var graph = TopologyGraph.Create(fleet.Entities, fleet.Edges);
        var signals = analyzers.Signals;
        var incidents = SimulatedCorrelation.Correlate(analyzers.Events, signals, graph, changes, options);
        var grouping = options.Correlator.Grouping;
        var transient = options.Correlator.TransientPause;
        header = string.Create(CultureInfo.InvariantCulture,
            $"services {services}, faults {faults}, seed {seed}, step {step.TotalSeconds:0}s, warm-up {warmup.TotalHours:0.#}h, series {analyzers.SeriesCount}, log sources {analyzers.LogSourceCount} ({analyzers.LogLines} lines), frames {frames}, detector {DetectorCatalog.Default} at {rule.Threshold:0.00} ({rule.PointsToOpen} of {rule.PointsToOpen + 1} points or one at {rule.LoneScore:0.00}), grouping within {grouping.MaxTopologyHops} hops and {grouping.MaxGap.TotalMinutes:0.#} min, transients paused {(transient > TimeSpan.Zero ? $"up to {transient.TotalSeconds:0} s" : "never")}");
        return CorrelationScore.Compute(signals, incidents, [.. plan.Select(static f => f.Truth)], graph);
    }

    internal static void Print(TextWriter output, string header, CorrelationScore score, bool verbose)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(header);
        if (verbose)
        {
            foreach (var f in score.Faults)
            {
                var t = f.Fault;
                output.WriteLine(string.Create(inv,
                    $"fault {t.Id} {t.Start:HH:mm:ss}-{t.End:HH:mm:ss} {t.Kind,-16} root {t.Root,-20} affects {t.Affected.Length,2}  signals {f.Signals,4}  incident {(f.Incident?.ToString(inv) ?? "-"),4}  root rank {(f.RootRank?.ToString(inv) ?? "-"),2}  top {f.TopCandidate ?? "-"}  detected after {(f.TimeToDetect is { } d ? d.TotalSeconds.ToString("0", inv) + " s" : "-")}"));
                if (f.Incident is null)
                {
                    // Why it opened nothing: what its signals were and how long they lasted.
                    foreach (var signal in f.Members)
                    {
                        var lasted = signal.End is { } end ? (end - signal.Start).TotalSeconds.ToString("0", inv) + " s" : "open";
                        output.WriteLine(string.Create(inv, $"  missed {signal.Kind} {signal.Entity} +{(signal.Start - t.Start).TotalSeconds:0} s lasting {lasted}: {signal.Summary}"));
                    }
                }
            }
            foreach (var (incident, signals, ofFaults) in score.OtherIncidents)
            {
                output.WriteLine(string.Create(inv, $"other incident {incident}: {signals.Length} signals, {ofFaults} of faults"));
                foreach (var signal in signals.Take(5))
                {
                    var lasted = signal.End is { } end ? (end - signal.Start).TotalSeconds.ToString("0", inv) + " s" : "open";
                    output.WriteLine(string.Create(inv, $"  {signal.Kind} {signal.Entity} at {signal.Start:HH:mm:ss} lasting {lasted}: {signal.Summary}"));
                }
            }
            foreach (var (kind, (count, noise)) in score.ByKind)
            {
                output.WriteLine(string.Create(inv, $"kind {kind}: {count} signals, {noise} noise"));
            }
            foreach (var (source, count) in score.NoiseBySource)
            {
                output.WriteLine(string.Create(inv, $"noise {source}: {count}"));
            }
        }
        output.WriteLine(string.Create(inv, $"signals             {score.Signals}"));
        output.WriteLine(string.Create(inv, $"noise_signals       {score.NoiseSignals}"));
        output.WriteLine(string.Create(inv, $"paused_signals      {score.PausedSignals}"));
        output.WriteLine(string.Create(inv, $"incidents           {score.Incidents}"));
        output.WriteLine(string.Create(inv, $"noise_reduction     {score.NoiseReduction:0.000}"));
        output.WriteLine(string.Create(inv, $"pairwise_precision  {score.Precision:0.000}"));
        output.WriteLine(string.Create(inv, $"pairwise_recall     {score.Recall:0.000}"));
        output.WriteLine(string.Create(inv, $"pairwise_f1         {score.F1:0.000}"));
        output.WriteLine(string.Create(inv, $"rca_top1            {score.Top1:0.000}"));
        output.WriteLine(string.Create(inv, $"rca_top3            {score.Top3:0.000}"));
        output.WriteLine(string.Create(inv, $"faults_detected     {score.FaultsDetected}/{score.Faults.Length}"));
        output.WriteLine(string.Create(inv, $"mttd_seconds        {(double.IsNaN(score.MeanTimeToDetectSeconds) ? "n/a" : score.MeanTimeToDetectSeconds.ToString("0.0", inv))}"));
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0}s");

    /// <summary>Parses <c>15s</c>, <c>2m</c>, <c>6h</c>, <c>1d</c> or a TimeSpan (<c>00:00:15</c>).</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount) && amount >= 0)
        {
            TimeSpan? unit = text[^1] switch { 's' => TimeSpan.FromSeconds(1), 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), 'd' => TimeSpan.FromDays(1), _ => null };
            if (unit is { } u && amount * u.TotalSeconds < TimeSpan.MaxValue.TotalSeconds / 2)
            {
                duration = amount * u;
                return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
