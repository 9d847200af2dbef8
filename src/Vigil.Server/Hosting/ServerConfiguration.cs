using Microsoft.Extensions.Configuration;

namespace Vigil.Server.Hosting;

/// <summary>Reads <see cref="ServerOptions"/> from a YAML file, the environment and flags, in rising precedence.</summary>
public static class ServerConfiguration
{
    /// <summary>The environment prefix: <c>VIGIL_LISTEN</c>, <c>VIGIL_ENGINE__SHARDS</c>, …</summary>
    public const string EnvironmentPrefix = "VIGIL_";

    /// <summary>
    /// Loads and validates the options. <paramref name="configFile"/> may be null (then <c>vigil.yaml</c> in the current
    /// directory is read when present). Throws <see cref="OptionsValidationException"/> naming each bad setting.
    /// </summary>
    public static ServerOptions Load(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        if (configFile is not null && !File.Exists(configFile))
        {
            throw new OptionsValidationException($"--config: the file \"{configFile}\" does not exist");
        }
        var file = configFile ?? (File.Exists("vigil.yaml") ? "vigil.yaml" : null);
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            builder.AddYamlFile(Path.GetFullPath(file), optional: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(flags.Where(f => f.Value is not null));
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            throw new OptionsValidationException($"{file}: {e.Message}");
        }
        var options = new ServerOptions();
        try
        {
            configuration.Bind(options, b => b.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the setting: "Failed to convert configuration value at 'Engine:Shards' to type 'System.Int32'."
            throw new OptionsValidationException($"{e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")} (from {Sources(file)})");
        }
        options.Validate();
        return options;
    }

    private static string Sources(string? file) => file is null ? "environment and flags" : $"{file}, environment and flags";
}
