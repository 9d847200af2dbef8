using System.CommandLine;
using Vigil.Cli.Commands;

// The `vigil` executable: every subcommand is built in its own file under Commands/ and listed here.
var root = new RootCommand("Vigil: AIOps for metrics, logs and alerts.")
{
    ServeCommand.Create(),
    DemoCommand.Create(),
    KeysCommand.Create(),
    EvalCommand.Create(),
    RcaCommand.Create(),
    BenchCommand.Create(),
    LogsCommand.Create(),
    DetectCommand.Create(),
    ForecastCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
