using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Vigil.Server.Hosting;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil serve</c>: runs the server with embedded defaults.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string?>("--listen") { Description = $"URL to listen on (default {ServerOptions.DefaultListen}; beyond loopback an API key is required)" };
        var data = new Option<string?>("--data") { Description = "Data directory (default ./vigil-data)" };
        var config = new Option<string?>("--config") { Description = "YAML configuration file (default ./vigil.yaml when present); VIGIL_* environment variables and flags override it" };
        var command = new Command("serve", "Run the Vigil server: receivers, engine, API.") { listen, data, config };
        command.SetAction(async (parse, ct) =>
        {
            ServerOptions options;
            try
            {
                options = ServerConfiguration.Load(parse.GetValue(config), new Dictionary<string, string?>
                {
                    ["Listen"] = parse.GetValue(listen),
                    ["DataDirectory"] = parse.GetValue(data),
                });
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            try
            {
                var app = VigilServer.Build(options);
                await app.StartAsync(ct);
                await app.WaitForShutdownAsync(ct);
                return 0;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("API key", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        return command;
    }
}
