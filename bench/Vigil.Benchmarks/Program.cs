using System.Globalization;
using BenchmarkDotNet.Running;
using Vigil.Benchmarks.Engine;
using Vigil.Benchmarks.Ingest;
using Vigil.Benchmarks.Storage;
using Vigil.Benchmarks.Topology;

// dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Chunk*'
// dotnet run -c Release --project bench/Vigil.Benchmarks -- memory-per-series 100000 30
// dotnet run -c Release --project bench/Vigil.Benchmarks -- cpu-time ingest   (CPU time per operation; see IngestCpuTime)
// dotnet run -c Release --project bench/Vigil.Benchmarks -- incident-latency 5 (per-signal correlator latency at 10,000 open signals)
// dotnet run -c Release --project bench/Vigil.Benchmarks -- storage-figures   (bytes per sample, index memory; see StorageFigures)
// dotnet run -c Release --project bench/Vigil.Benchmarks -- topology-figures 100000   (one inference refresh; see TopologyFigures)
// dotnet run -c Release --project bench/Vigil.Benchmarks -- model-snapshots 100000 1440   (write and restore the series' models; see ModelSnapshotFigures)
switch (args)
{
    case ["memory-per-series", ..]:
        await MemoryPerSeries.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30);
        break;
    case ["cpu-time", "ingest"]:
        IngestCpuTime.Run();
        break;
    case ["incident-latency", ..]:
        Vigil.Benchmarks.Correlation.IncidentLatency.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);
        break;
    case ["storage-figures"]:
        await StorageFigures.RunAsync();
        break;
    case ["topology-figures", ..]:
        await TopologyFigures.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
        break;
    case ["model-snapshots", ..]:
        await ModelSnapshotFigures.RunAsync(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1440);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        break;
}
