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

// SIGTERM/Ctrl+C: `vigil serve` stops gracefully (heads sealed, learned models written) within the host's shutdown
// timeout (30 s); System.CommandLine's default of 2 s returned from Main, ending the process mid-stop.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(35) });
