using BenchmarkDotNet.Running;
using Vigil.Benchmarks.Storage;

// dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Chunk*'
// dotnet run -c Release --project bench/Vigil.Benchmarks -- storage-figures
if (args is ["storage-figures"])
{
    await StorageFigures.RunAsync();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
