using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Server.Notifications;

/// <summary>Kinds of receiver.</summary>
public enum ReceiverType
{
    /// <summary>A JSON POST of the incident (Vigil's own payload).</summary>
    Webhook,
    /// <summary>A Slack incoming webhook (or anything that takes its payload: Mattermost, Rocket.Chat).</summary>
    Slack,
}

/// <summary>One receiver: where notifications go.</summary>
public sealed class ReceiverOptions
{
    /// <summary>Unique name, used by routes, metrics and the incident timeline, e.g. <c>slack-ops</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>webhook or slack.</summary>
    public ReceiverType Type { get; set; } = ReceiverType.Webhook;

    /// <summary>The URL posted to.</summary>
    public string Url { get; set; } = "";

    /// <summary>Extra request headers (e.g. <c>Authorization</c>) for webhooks.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// A route, as Alertmanager's: notifications whose labels match <see cref="Match"/> and whose severity is at least
/// <see cref="MinSeverity"/> go to <see cref="Receiver"/>. Routes are tried in order; the first that matches ends the
/// search unless it says <see cref="Continue"/>.
/// </summary>
public sealed class RouteOptions
{
    /// <summary>The receiver's name.</summary>
    public string Receiver { get; set; } = "";

    /// <summary>A label selector, e.g. <c>{service=~"checkout|payments", env="prod"}</c>; empty matches everything.</summary>
    public string? Match { get; set; }

    /// <summary>A band (warning, minor, major, critical) or a number 0–100; empty means any.</summary>
    public string? MinSeverity { get; set; }

    /// <summary>Keep trying the next routes after this one matched.</summary>
    public bool Continue { get; set; }
}

/// <summary>Notifications (<c>Notifications:</c> in the config file): receivers, routes, retries, repeats.</summary>
public sealed class NotificationsOptions
{
    /// <summary>The receivers.</summary>
    public IList<ReceiverOptions> Receivers { get; } = [];

    /// <summary>The routes, tried in order.</summary>
    public IList<RouteOptions> Routes { get; } = [];

    /// <summary>Receiver of notifications no route takes; none when empty.</summary>
    public string? DefaultReceiver { get; set; }

    /// <summary>Vigil's URL as people reach it, for incident links, e.g. <c>https://vigil.example.com/</c>.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>A still-firing incident in an unchanged state is sent again after this long. Default 4 hours.</summary>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often incidents due a repeat are looked for. Default 1 minute.</summary>
    public TimeSpan RepeatCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Notifications waiting, in the dispatcher and per receiver; past it the oldest are dropped and counted. Default 1,024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Attempts per notification and receiver, the first included. Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry; doubled each time, with jitter. Default 1 second.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts. Default 1 minute.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest <c>Retry-After</c> honoured; a longer one is cut to this. Default 10 minutes.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time limit of one attempt. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Incidents remembered per receiver for deduplication; past it the least recently sent are forgotten. Default 10,000.</summary>
    public int MaxTrackedIncidents { get; set; } = 10_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Receivers.Count; i++)
        {
            var r = Receivers[i];
            if (string.IsNullOrWhiteSpace(r.Name))
            {
                throw new ArgumentException($"Receivers:{i}:Name: required", nameof(Receivers));
            }
            if (!names.Add(r.Name))
            {
                throw new ArgumentException($"Receivers:{i}:Name: \"{r.Name}\" is used twice", nameof(Receivers));
            }
            if (!Uri.TryCreate(r.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"Receivers:{i}:Url: \"{r.Url}\" is not an absolute http(s) URL", nameof(Receivers));
            }
            if (!Enum.IsDefined(r.Type))
            {
                throw new ArgumentException($"Receivers:{i}:Type: {r.Type} is not webhook or slack", nameof(Receivers));
            }
        }
        for (var i = 0; i < Routes.Count; i++)
        {
            if (!TryCompile(Routes[i], names, out _, out var error))
            {
                throw new ArgumentException($"Routes:{i}:{error}", nameof(Routes));
            }
        }
        if (!string.IsNullOrEmpty(DefaultReceiver) && !names.Contains(DefaultReceiver))
        {
            throw new ArgumentException($"DefaultReceiver: \"{DefaultReceiver}\" is not a receiver", nameof(DefaultReceiver));
        }
        if (!string.IsNullOrEmpty(ExternalUrl) && !Uri.TryCreate(ExternalUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"ExternalUrl: \"{ExternalUrl}\" is not an absolute URL", nameof(ExternalUrl));
        }
        Positive(RepeatInterval, nameof(RepeatInterval));
        Positive(RepeatCheckInterval, nameof(RepeatCheckInterval));
        Positive(InitialBackoff, nameof(InitialBackoff));
        Positive(Timeout, nameof(Timeout));
        if (MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"MaxBackoff: {MaxBackoff} is shorter than InitialBackoff {InitialBackoff}", nameof(MaxBackoff));
        }
        Positive(MaxRetryAfter, nameof(MaxRetryAfter));
        if (QueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"QueueCapacity: {QueueCapacity} is not from 1 to 1000000", nameof(QueueCapacity));
        }
        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentException($"MaxAttempts: {MaxAttempts} is not from 1 to 100", nameof(MaxAttempts));
        }
        if (MaxTrackedIncidents < 1)
        {
            throw new ArgumentException($"MaxTrackedIncidents: {MaxTrackedIncidents} must be at least 1", nameof(MaxTrackedIncidents));
        }
    }

    /// <summary>A route checked and compiled; false with an error naming the field.</summary>
    internal static bool TryCompile(RouteOptions route, IReadOnlySet<string> receivers, out Route.CompiledRoute compiled, out string error)
    {
        compiled = default;
        if (!receivers.Contains(route.Receiver))
        {
            error = $"Receiver: \"{route.Receiver}\" is not a receiver";
            return false;
        }
        IReadOnlyList<LabelMatcher> matchers = [];
        if (!string.IsNullOrWhiteSpace(route.Match) && !SeriesSelector.TryParse(route.Match, out matchers, out var parseError))
        {
            error = $"Match: {parseError}";
            return false;
        }
        var minSeverity = 0;
        if (!string.IsNullOrWhiteSpace(route.MinSeverity)
            && !int.TryParse(route.MinSeverity, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out minSeverity))
        {
            if (!Enum.TryParse<SeverityBand>(route.MinSeverity, ignoreCase: true, out var band) || !Enum.IsDefined(band))
            {
                error = $"MinSeverity: \"{route.MinSeverity}\" is not a band (low, warning, minor, major, critical) or a number from 0 to 100";
                return false;
            }
            minSeverity = Severity.LowerBound(band);
        }
        if (minSeverity is < 0 or > 100)
        {
            error = $"MinSeverity: {minSeverity} is not from 0 to 100";
            return false;
        }
        compiled = new Route.CompiledRoute(route.Receiver, matchers, minSeverity, route.Continue);
        error = "";
        return true;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name}: {value} must be positive", name);
        }
    }
}
