using System.CommandLine;
using Vigil.Server.Auth;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil keys create|list</c>: API keys of a data directory.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data directory (default ./vigil-data)", DefaultValueFactory = _ => "vigil-data" };
        var name = new Option<string>("--name") { Description = "A name for the key, e.g. prometheus", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated scopes: ingest, read, admin", DefaultValueFactory = _ => "ingest,read" };

        var create = new Command("create", "Create an API key; the token is printed once.") { data, name, scopes };
        create.SetAction(parse =>
        {
            if (!ApiScopes.TryParse(parse.GetValue(scopes)!, out var scope, out var error))
            {
                Console.Error.WriteLine($"--scopes: {error}");
                return 2;
            }
            var store = ApiKeyStore.Load(parse.GetValue(data)!);
            var token = store.Create(parse.GetValue(name)!, scope, TimeProvider.System.GetUtcNow());
            Console.WriteLine(token);
            Console.Error.WriteLine($"Created key \"{parse.GetValue(name)}\" with scopes {ApiScopes.Format(scope)}. Send it as: Authorization: Bearer {token}");
            return 0;
        });

        var list = new Command("list", "List API keys (names and scopes, never tokens).") { data };
        list.SetAction(parse =>
        {
            foreach (var key in ApiKeyStore.Load(parse.GetValue(data)!).Keys)
            {
                Console.WriteLine($"{key.Name}\t{ApiScopes.Format(key.Scopes)}\t{key.Created:O}");
            }
            return 0;
        });
        return new Command("keys", "Manage API keys.") { create, list };
    }
}
