using Vigil.Core.Series;

namespace Vigil.Server.Notifications.Route;

/// <summary>A route ready to match.</summary>
/// <param name="Receiver">The receiver's name.</param>
/// <param name="Matchers">Label matchers, all of which must match.</param>
/// <param name="MinSeverity">Lowest severity taken.</param>
/// <param name="Continue">Keep trying later routes after a match.</param>
internal readonly record struct CompiledRoute(string Receiver, IReadOnlyList<LabelMatcher> Matchers, int MinSeverity, bool Continue)
{
    public bool Matches(IncidentNotification notification)
    {
        if (notification.Severity < MinSeverity)
        {
            return false;
        }
        foreach (var matcher in Matchers)
        {
            if (!matcher.Matches(notification.Labels.Get(matcher.Name)))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>
/// Picks the receivers of a notification: routes in order, the first match ending the search unless it says
/// continue (Alertmanager's rule); the default receiver when none matched. Pure.
/// </summary>
internal sealed class NotificationRouter
{
    private readonly CompiledRoute[] _routes;
    private readonly string? _default;

    public NotificationRouter(NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = options.Receivers.Select(static r => r.Name).ToHashSet(StringComparer.Ordinal);
        _routes = new CompiledRoute[options.Routes.Count];
        for (var i = 0; i < _routes.Length; i++)
        {
            if (!NotificationsOptions.TryCompile(options.Routes[i], names, out _routes[i], out var error))
            {
                throw new ArgumentException($"Routes:{i}:{error}", nameof(options));
            }
        }
        _default = string.IsNullOrEmpty(options.DefaultReceiver) ? null : options.DefaultReceiver;
    }

    /// <summary>The receivers, in route order, each once.</summary>
    public IReadOnlyList<string> Route(IncidentNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var receivers = new List<string>(2);
        foreach (var route in _routes)
        {
            if (!route.Matches(notification))
            {
                continue;
            }
            if (!receivers.Contains(route.Receiver))
            {
                receivers.Add(route.Receiver);
            }
            if (!route.Continue)
            {
                break;
            }
        }
        if (receivers.Count == 0 && _default is not null)
        {
            receivers.Add(_default);
        }
        return receivers;
    }
}
