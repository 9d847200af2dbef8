using System.Diagnostics;
using System.Globalization;
using Vigil.Core.Series;
using Vigil.Correlation.Topology;
using Vigil.Server.Topology;
using Vigil.Storage.Sqlite;

namespace Vigil.Benchmarks.Topology;

/// <summary>
/// Cost of one inference refresh of the topology: series with Kubernetes-style labels (service, pod, namespace, node,
/// container, and client metrics with a peer) in a real store; reports the index read + inference, the replacement in
/// vigil.db and the merged-graph load, median of repeated runs.
/// <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- topology-figures 100000</c>
/// </summary>
internal static class TopologyFigures
{
    public static async Task RunAsync(int seriesCount)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-topology-bench-" + Guid.NewGuid().ToString("N"));
        await using var store = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = directory });
        try
        {
            var keys = Series(seriesCount, seed: 11);
            var ids = new SeriesId[keys.Count];
            store.Series.Resolve(keys, ids);
            using var catalog = new TopologyCatalog(store.Topology, store.Series, store.Signals, new TopologyOptions { MaxSeriesPerLabel = int.MaxValue }, TimeProvider.System);

            LabelTopologyInference? inference = null;
            var refresh = new List<double>();
            var graph = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                var watch = Stopwatch.StartNew();
                inference = await catalog.RefreshInferredAsync();
                refresh.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                await catalog.GetGraphAsync();
                graph.Add(watch.Elapsed.TotalMilliseconds);
            }
            var pure = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                var watch = Stopwatch.StartNew();
                var alone = new LabelTopologyInference();
                foreach (var key in keys)
                {
                    alone.Add(key.Labels);
                }
                pure.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesCount:N0}: {inference!.LabelSets:N0} distinct placements, {inference.Entities.Count:N0} entities, {inference.Edges.Count:N0} edges"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refresh (index read, inference, replace in vigil.db), median of 5: {Median(refresh):F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inference alone over the label sets, median of 5: {Median(pure):F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged graph load (uncached), median of 5: {Median(graph):F0} ms"));
        }
        finally
        {
            await store.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    // 40 series per pod (metrics of one target), 5 pods per service, services in 10 namespaces on 50 nodes; every
    // tenth series a client metric naming a peer service.
    private static List<SeriesKey> Series(int count, int seed)
    {
        var random = new Random(seed);
        var keys = new List<SeriesKey>(count);
        var services = Math.Max(1, count / 200);
        for (var i = 0; i < count; i++)
        {
            var pod = i / 40;
            var service = pod / 5 % services;
            var ns = $"ns-{service % 10}";
            var labels = new List<string>
            {
                "__name__", $"metric_{i % 40}", "service", $"svc-{service}", "pod", $"svc-{service}-{pod % 5}",
                "namespace", ns, "k8s_node", $"node-{pod % 50}", "container", "app",
            };
            if (i % 10 == 0)
            {
                labels.AddRange(["peer_service", $"svc-{random.Next(services)}"]);
            }
            keys.Add(SeriesKey.Create(Labels.From([.. labels])));
        }
        return keys;
    }
}
