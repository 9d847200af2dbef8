using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Correlation.Incidents;
using Vigil.Engine.Incidents;

namespace Vigil.Cli.Bench;

/// <summary>Settings of <c>vigil bench incidents</c>.</summary>
internal sealed record IncidentsBenchmarkOptions(int Open, int Measured, int FillBatch, int Seed, int Trees = 200);

/// <summary>
/// Correlation on the path users get: an in-process server (real silo, SQLite in a temporary data directory) takes
/// signals through <see cref="ISignalStore.UpsertAsync"/> — the entry point of the Alertmanager receiver, the series
/// and log shards and capacity evaluation — so each one is stored, handed to the correlator grain, correlated, its
/// incident saved and published. First <c>Open</c> signals are filled in batches (as a shard flushes them), then
/// <c>Measured</c> more are sent one upsert each and timed from the call to its return, by when the signal is stored
/// and its incident change saved and on the incident feed (the decorator awaits the grain, which stores before it
/// publishes). The workload is Alertmanager-like alerts on 2,000 services in 200 call trees of 10 (each service
/// depending on an earlier one of its tree through a <c>depends_on</c> label, ten instances each), 10% unrelated
/// batch-job alerts; fixed seed, so every run sends the same signals (their start is the time they are sent).
/// </summary>
internal static class IncidentsBenchmark
{
    private const int ServicesPerGroup = 10;
    private static readonly string[] AlertNames = ["HighLatency", "HighErrorRate", "Saturation"];

    public static async Task<int> RunAsync(IncidentsBenchmarkOptions o, TextWriter output, CancellationToken ct)
    {
        var workload = Workload(o.Open + o.Measured, o.Trees, o.Seed);
        await using var server = await InProcessServer.StartAsync("vigil-bench-incidents-", static _ => { }, ct);
        var store = server.App.Services.GetRequiredService<ISignalStore>();
        var time = server.App.Services.GetRequiredService<TimeProvider>();
        output.WriteLine($"vigil bench incidents: {o.Open:N0} open signals in batches of {o.FillBatch:N0}, then {o.Measured:N0} more one upsert each; " +
            $"{o.Trees * ServicesPerGroup:N0} services in {o.Trees:N0} call trees, 10% unrelated alerts, seed {o.Seed}; in-process server (client and server share the machine's cores)");

        var fill = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        var lapStart = 0;
        for (var sent = 0; sent < o.Open;)
        {
            var count = Math.Min(o.FillBatch, o.Open - sent);
            var now = time.GetUtcNow();
            var batch = new Signal[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = workload[sent + i](now);
            }
            await store.UpsertAsync(batch, ct);
            sent += count;
            if (sent / 1_000 != (sent - count) / 1_000 || sent == o.Open)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  filled {sent:N0} / {o.Open:N0} open signals, {(sent - lapStart) / lap.Elapsed.TotalSeconds:N0} signals/s over the last {sent - lapStart:N0}"));
                lap.Restart();
                lapStart = sent;
            }
        }
        fill.Stop();

        using var feed = server.App.Services.GetRequiredService<IncidentFeed>().Subscribe(capacity: 1 << 20);
        var latencies = new double[o.Measured];
        var measured = Stopwatch.StartNew();
        for (var i = 0; i < o.Measured; i++)
        {
            var signal = workload[o.Open + i](time.GetUtcNow());
            var start = Stopwatch.GetTimestamp();
            await store.UpsertAsync([signal], ct);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if ((i + 1) % 200 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  measured {i + 1:N0} / {o.Measured:N0}"));
            }
        }
        measured.Stop();

        var kinds = new SortedDictionary<IncidentChangeKind, int>();
        while (feed.Reader.TryRead(out var change))
        {
            kinds[change.Kind] = kinds.GetValueOrDefault(change.Kind) + 1;
        }
        var incidents = await server.App.Services.GetRequiredService<IIncidentStore>().QueryAsync(new IncidentQuery { Limit = int.MaxValue }, ct);
        var open = incidents.Where(static i => i.Status != IncidentStatus.Resolved).ToList();

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fill: {o.Open:N0} signals in {fill.Elapsed.TotalSeconds:F1} s = {o.Open / fill.Elapsed.TotalSeconds:N0} signals/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"at {o.Open:N0} open signals, {o.Measured:N0} signals one by one: {o.Measured / measured.Elapsed.TotalSeconds:N0} signals/s; " +
            $"latency signal accepted → incident stored: p50 {P(0.5):F2} ms, p90 {P(0.9):F2} ms, p99 {P(0.99):F2} ms, max {latencies[^1]:F2} ms"));
        output.WriteLine($"changes published while measuring: {string.Join(", ", kinds.Select(static k => $"{k.Key} {k.Value:N0}"))}; " +
            $"stored: {open.Count:N0} open incidents holding {open.Sum(static i => i.SignalCount):N0} signals, the largest {open.Select(static i => i.SignalCount).DefaultIfEmpty().Max():N0}");
        if (feed.Dropped > 0 || kinds.Values.Sum() < o.Measured)
        {
            await Console.Error.WriteLineAsync($"vigil bench incidents: {kinds.Values.Sum():N0} changes published for {o.Measured:N0} signals ({feed.Dropped:N0} dropped): the correlator did not see every signal");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// The signals to send, in order, each made with its start time. Every alert is a distinct (alert name, service,
    /// instance) combination, so its fingerprint is new and it stays open; services have ten instances, more when
    /// fewer trees need them to hold <paramref name="count"/> distinct alerts.
    /// </summary>
    private static Func<DateTimeOffset, Signal>[] Workload(int count, int groups, int seed)
    {
        var random = new Random(seed);
        var instancesPerService = Math.Max(10, (count / (groups * ServicesPerGroup * AlertNames.Length)) + 1);
        var dependsOn = new int[groups, ServicesPerGroup];
        for (var g = 0; g < groups; g++)
        {
            for (var s = 1; s < ServicesPerGroup; s++)
            {
                dependsOn[g, s] = random.Next(s);
            }
        }
        var combinations = groups * ServicesPerGroup * instancesPerService * AlertNames.Length;
        var order = Enumerable.Range(0, combinations).ToArray();
        random.Shuffle(order);
        var signals = new Func<DateTimeOffset, Signal>[count];
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var severity = random.Next(20, 100);
            Labels labels;
            if (random.NextDouble() < 0.1 || next == combinations)
            {
                var job = $"batch-job-{i}";
                labels = Labels.From("alertname", $"Job{i % 97}Failed", "job", job, "team", $"t{i % 13}");
            }
            else
            {
                var c = order[next++];
                var alert = AlertNames[c % AlertNames.Length];
                c /= AlertNames.Length;
                var instance = c % instancesPerService;
                c /= instancesPerService;
                var (g, s) = (c / ServicesPerGroup, c % ServicesPerGroup);
                labels = s == 0
                    ? Labels.From("alertname", alert, "service", Service(g, s), "instance", $"10.{g % 256}.{s}.{instance % 256}:{9100 + (instance / 256)}", "env", "prod")
                    : Labels.From("alertname", alert, "service", Service(g, s), "instance", $"10.{g % 256}.{s}.{instance % 256}:{9100 + (instance / 256)}", "env", "prod", "depends_on", Service(g, dependsOn[g, s]));
            }
            // Named and fingerprinted as the Alertmanager receiver does.
            var entity = labels.Get("service") is { } service ? "service/" + service : "job/" + labels.Get("job");
            var summary = $"{labels.Get("alertname")} on {entity}";
            var fingerprint = labels.StableHash.ToString("x16", CultureInfo.InvariantCulture);
            signals[i] = start => new Signal
            {
                Kind = SignalKind.ExternalAlert,
                Entity = entity,
                Start = start,
                Severity = severity,
                Score = severity / 100.0,
                Summary = summary,
                Labels = labels,
                Fingerprint = fingerprint,
            };
        }
        return signals;
    }

    private static string Service(int group, int index) => $"svc-{group}-{index}";
}
