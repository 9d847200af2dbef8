using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Chunk*'
// dotnet run -c Release --project bench/Vigil.Benchmarks -- cpu-time ingest   (CPU time per operation; see IngestCpuTime)
if (args is ["cpu-time", "ingest"])
{
    Vigil.Benchmarks.Ingest.IngestCpuTime.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
