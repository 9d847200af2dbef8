using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil eval …</c>: accuracy harnesses on public benchmarks. Each benchmark adds its subcommand here.</summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Measure Vigil's accuracy on public benchmarks.")
    {
        EvalM4Command.Create(),
    };
}
