using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Vigil.Server.Demo;
using Vigil.Server.Hosting;
using Vigil.Simulation.Demo;
using Vigil.Simulation.Fleet;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil demo</c>: the real server plus a simulated fleet feeding it through the real receivers over HTTP: a few
/// hours of history at once, then live frames with a fault every few minutes, the first within a minute.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var listen = new Option<string?>("--listen") { Description = $"URL to listen on (default {ServerOptions.DefaultListen})" };
        var data = new Option<string?>("--data") { Description = "Data directory (default: a new temporary directory)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the fleet, its faults and its noise", DefaultValueFactory = _ => 1 };
        var services = new Option<int>("--services") { Description = $"Services in the fleet ({FleetOptions.MinServices}–{FleetOptions.MaxServices})", DefaultValueFactory = _ => 30 };
        var command = new Command("demo", "Run the server with a simulated fleet feeding it (remote write, OTLP logs, Alertmanager webhook) and a fault every few minutes.")
        {
            listen, data, seed, services,
        };
        command.SetAction(async (parse, ct) =>
        {
            var fleetSize = parse.GetValue(services);
            if (fleetSize is < FleetOptions.MinServices or > FleetOptions.MaxServices)
            {
                await Console.Error.WriteLineAsync($"--services: {fleetSize} is out of range; a fleet has {FleetOptions.MinServices} to {FleetOptions.MaxServices} services");
                return 2;
            }
            var directory = parse.GetValue(data) ?? Directory.CreateTempSubdirectory("vigil-demo-").FullName;
            ServerOptions options;
            try
            {
                options = ServerConfiguration.Load(null, new Dictionary<string, string?>
                {
                    ["Listen"] = parse.GetValue(listen),
                    ["DataDirectory"] = directory,
                    // The demo needs no syslog and must not collide with a `vigil serve` on the same machine.
                    ["Logs:SyslogUdpPort"] = "0",
                    ["Logs:SyslogTcpPort"] = "0",
                    ["SiloPort"] = "0",
                });
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            if (!options.IsLoopbackOnly)
            {
                await Console.Error.WriteLineAsync($"--listen: the demo feeds itself without an API key, so it listens on loopback only; {options.Listen} is not");
                return 2;
            }
            var app = VigilServer.Build(options);
            await app.StartAsync(ct);
            var root = new Uri(options.ListenUris().First().GetLeftPart(UriPartial.Authority) + "/");
            Console.WriteLine($"Vigil demo: data in {Path.GetFullPath(directory)}");
            Console.WriteLine($"  console   {root}");
            Console.WriteLine($"  API docs  {new Uri(root, "docs")}");
            var scenario = new DemoScenario(new DemoOptions { Services = fleetSize }, parse.GetValue(seed), TimeProvider.System.GetUtcNow());
            Console.WriteLine($"  fleet     {scenario.Fleet.Services.Length} services on {scenario.Fleet.Hosts.Length} hosts; sending {scenario.Options.Backfill.TotalHours:0.#} h of history, then live (Ctrl+C stops)");
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            var feeder = new DemoFeeder(client, root, scenario, TimeProvider.System, Console.Out);
            try
            {
                await feeder.RunAsync(DateTimeOffset.MaxValue, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"demo: the server refused what the feeder sent: {e.Message}");
                await app.StopAsync(CancellationToken.None);
                return 1;
            }
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
