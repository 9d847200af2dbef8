using BenchmarkDotNet.Running;
using Vigil.Benchmarks.Engine;

// dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Chunk*'
// dotnet run -c Release --project bench/Vigil.Benchmarks -- memory-per-series 100000 30
if (args.Length > 0 && args[0] == "memory-per-series")
{
    await MemoryPerSeries.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
