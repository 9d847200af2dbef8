using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*Detection*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
