using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Chunk*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
