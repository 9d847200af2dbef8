using Vigil.Core.Ingest;
using Vigil.Engine.Hosting;

namespace Vigil.Server.Hosting;

/// <summary>
/// Everything <c>vigil serve</c> can be told, from the config file (YAML), the environment (<c>VIGIL_</c> prefix,
/// <c>__</c> between levels, e.g. <c>VIGIL_ENGINE__SHARDS=32</c>) and flags, in rising precedence.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>The default listen URL: loopback only.</summary>
    public const string DefaultListen = "http://127.0.0.1:9400";

    /// <summary>Where Vigil listens. Default <c>http://127.0.0.1:9400</c>.</summary>
    public string Listen { get; set; } = DefaultListen;

    /// <summary>Where Vigil keeps its data. Default <c>./vigil-data</c>.</summary>
    public string DataDirectory { get; set; } = "vigil-data";

    /// <summary>Require API keys even on loopback. Beyond loopback they are always required.</summary>
    public bool RequireApiKeys { get; set; }

    /// <summary>Limits every receiver enforces.</summary>
    public IngestLimits Limits { get; set; } = new();

    /// <summary>Engine settings (shards, chunking, retention, overload).</summary>
    public EngineOptions Engine { get; set; } = new();

    /// <summary>Capacity targets and how often they are evaluated.</summary>
    public Vigil.Server.Capacity.CapacityEvaluationOptions Capacity { get; set; } = new();

    /// <summary>The log path: syslog listener ports, line limits, retention, warm-up.</summary>
    public Logs.LogsOptions Logs { get; set; } = new();

    /// <summary>Topology: the declared file, inference from labels and its refresh interval.</summary>
    public Topology.TopologyOptions Topology { get; set; } = new();

    /// <summary>Notifications: receivers (webhook, Slack), routes, retries and repeats.</summary>
    public Notifications.NotificationsOptions Notifications { get; set; } = new();

    /// <summary>
    /// Orleans silo port of the embedded silo. Default 0: a free loopback port, so two servers on one machine never
    /// collide (the embedded silo talks to no other).
    /// </summary>
    public int SiloPort { get; set; }

    /// <summary>True when <see cref="Listen"/> binds only loopback addresses.</summary>
    public bool IsLoopbackOnly => ListenUris().All(u => u.IsLoopback);

    /// <summary>The listen URLs (several may be given, separated by ';').</summary>
    public IEnumerable<Uri> ListenUris() =>
        Listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)));

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every bad setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        foreach (var url in Listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                errors.Add($"Listen: \"{url}\" is not a URL like http://127.0.0.1:9400");
            }
        }
        if (Listen.Length == 0)
        {
            errors.Add("Listen: must not be empty");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("DataDirectory: must not be empty");
        }
        if (SiloPort is < 0 or > 65535)
        {
            errors.Add($"SiloPort: {SiloPort} is not a port number");
        }
        Collect(errors, "Limits", () => Limits.Validate());
        Collect(errors, "Engine", () => Engine.Validate());
        Collect(errors, "Capacity", () => Capacity.Validate());
        Collect(errors, "Logs", () => Logs.Validate());
        Collect(errors, "Topology", () => Topology.Validate());
        Collect(errors, "Notifications", () => Notifications.Validate());
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(errors);
        }
    }

    private static void Collect(List<string> errors, string section, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            errors.Add($"{section}: {e.Message}");
        }
    }
}

/// <summary>Settings that do not validate; the message lists each.</summary>
public sealed class OptionsValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OptionsValidationException(IReadOnlyList<string> errors)
        : base("Invalid configuration:\n  " + string.Join("\n  ", errors)) => Errors = errors;

    /// <summary>Creates the exception.</summary>
    public OptionsValidationException() : this([]) { }

    /// <summary>Creates the exception.</summary>
    public OptionsValidationException(string message) : this([message]) { }

    /// <summary>Creates the exception.</summary>
    public OptionsValidationException(string message, Exception innerException) : base(message, innerException) => Errors = [message];

    /// <summary>One line per bad setting.</summary>
    public IReadOnlyList<string> Errors { get; }
}
