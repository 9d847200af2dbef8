using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line, e.g. `dotnet run -c Release -- --filter *TemplateMiner*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point type, named so that <see cref="BenchmarkSwitcher"/> can find the assembly.</summary>
public partial class Program;
