namespace Vigil.Server.Notifications;

/// <summary>
/// What each receiver was last sent about each incident, for deduplication: a state (status, band, root cause,
/// entities) is sent once, again only after <see cref="NotificationsOptions.RepeatInterval"/> while still firing; a
/// resolution only to receivers that saw the incident firing, after which the incident is forgotten. Bounded by
/// <see cref="NotificationsOptions.MaxTrackedIncidents"/> per receiver. Thread-safe.
/// </summary>
internal sealed class NotificationLedger(NotificationsOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Receiver, string Incident), Entry> _entries = [];

    private sealed record Entry(string State, DateTimeOffset SentAt, IncidentNotification Notification);

    /// <summary>Whether <paramref name="receiver"/> should be sent <paramref name="n"/> at <paramref name="now"/>.</summary>
    public bool ShouldSend(string receiver, IncidentNotification n, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue((receiver, n.IncidentId), out var last))
            {
                // A resolution of an incident this receiver never heard of firing is noise.
                return n.Status == IncidentStatus.Firing;
            }
            if (last.State != StateOf(n))
            {
                return true;
            }
            return n.Status == IncidentStatus.Firing && now - last.SentAt >= options.RepeatInterval;
        }
    }

    /// <summary>Records a delivery.</summary>
    public void Sent(string receiver, IncidentNotification n, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (n.Status == IncidentStatus.Resolved)
            {
                _entries.Remove((receiver, n.IncidentId));
                return;
            }
            _entries[(receiver, n.IncidentId)] = new Entry(StateOf(n), now, n);
            if (_entries.Count > options.MaxTrackedIncidents * Math.Max(1, options.Receivers.Count))
            {
                // Forget the least recently sent; O(n), and only when the bound is passed.
                var oldest = _entries.MinBy(static e => e.Value.SentAt).Key;
                _entries.Remove(oldest);
            }
        }
    }

    /// <summary>Receivers that were sent this incident firing and not yet resolved.</summary>
    public IReadOnlyList<string> ReceiversOf(string incidentId)
    {
        lock (_lock)
        {
            return [.. _entries.Keys.Where(k => k.Incident == incidentId).Select(static k => k.Receiver).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Firing notifications whose last delivery is at least a repeat interval old, with their receiver.</summary>
    public IReadOnlyList<(string Receiver, IncidentNotification Notification)> DueForRepeat(DateTimeOffset now)
    {
        lock (_lock)
        {
            return [.. _entries
                .Where(e => now - e.Value.SentAt >= options.RepeatInterval)
                .OrderBy(static e => e.Value.SentAt)
                .Select(static e => (e.Key.Receiver, e.Value.Notification))];
        }
    }

    private static string StateOf(IncidentNotification n) =>
        $"{n.Status}|{n.Band}|{n.RootCause}|{string.Join(',', n.Entities.Order(StringComparer.Ordinal))}";
}
