using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g. `dotnet run -c Release -- --filter '*Forecast*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
