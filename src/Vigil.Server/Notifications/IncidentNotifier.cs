using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Incidents;
using Vigil.Correlation.Incidents;
using Vigil.Engine.Incidents;
using Vigil.Server.Hosting;
using Vigil.Server.Notifications.Notify;

namespace Vigil.Server.Notifications;

/// <summary>
/// Connects the correlator to the notifiers: every incident change people should hear of (opened, reopened, band
/// raised, resolved) becomes an <see cref="IncidentNotification"/> for the <see cref="NotificationDispatcher"/>, and
/// every notification sent is written on the incident's timeline ("notified slack-ops").
/// </summary>
internal sealed partial class IncidentNotifier(
    IncidentFeed feed, NotificationDispatcher dispatcher, IGrainFactory grains, ServerOptions options, ILogger<IncidentNotifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe();
        dispatcher.Notified += OnNotified;
        try
        {
            await foreach (var change in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                if (change.Notify && change.Incident is { } incident && incident.MergedInto is null)
                {
                    dispatcher.Enqueue(ToNotification(incident, ConsoleUrl(options)));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            dispatcher.Notified -= OnNotified;
        }
    }

    /// <summary>The notification for an incident as it is now.</summary>
    internal static IncidentNotification ToNotification(Incident incident, Uri? console) => new()
    {
        IncidentId = incident.Id.ToString(),
        Status = incident.Status == IncidentStatus.Resolved ? NotificationStatus.Resolved : NotificationStatus.Firing,
        Title = incident.Title,
        Severity = incident.Severity,
        Entities = incident.Entities,
        RootCause = incident.RootCauses.Length > 0 ? $"{incident.RootCauses[0].Entity}: {incident.RootCauses[0].Summary}" : null,
        Url = console is null ? null : new Uri(console, $"#/incidents/{incident.Id}"),
        StartedAt = incident.Opened,
        ResolvedAt = incident.Resolved,
    };

    private static Uri? ConsoleUrl(ServerOptions options) => options.ListenUris().FirstOrDefault() is { } listen ? new Uri(listen, "/") : null;

    private void OnNotified(NotificationResult result)
    {
        if (result.Outcome != DeliveryOutcome.Sent || !IncidentId.TryParse(result.IncidentId, out var id))
        {
            return;
        }
        _ = RecordAsync(id.Value, result);
    }

    private async Task RecordAsync(long id, NotificationResult result)
    {
        try
        {
            var channel = result.Status == NotificationStatus.Resolved ? $"{result.Receiver} (resolved)" : result.Receiver;
            await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant)
                .ActAsync(new IncidentActionRequest(IncidentActionKind.RecordNotification, id, "vigil", Text: channel));
        }
        catch (Exception e)
        {
            LogRecordFailed(logger, result.IncidentId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "notification of incident {Incident} sent, but not recorded on its timeline")]
    private static partial void LogRecordFailed(ILogger logger, string incident, Exception exception);
}
