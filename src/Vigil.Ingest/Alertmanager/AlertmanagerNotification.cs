using Vigil.Core.Signals;

namespace Vigil.Ingest.Alertmanager;

/// <summary>A decoded Alertmanager webhook message: the group it notifies about and one signal per alert.</summary>
/// <param name="GroupKey">Alertmanager's key of the alert group.</param>
/// <param name="Receiver">The Alertmanager receiver that sent it.</param>
/// <param name="Status">The group's status, <c>firing</c> or <c>resolved</c>.</param>
/// <param name="TruncatedAlerts">Alerts Alertmanager left out because of its <c>max_alerts</c> setting.</param>
/// <param name="Signals">One <see cref="SignalKind.ExternalAlert"/> signal per alert, in message order.</param>
public sealed record AlertmanagerNotification(string GroupKey, string Receiver, string Status, int TruncatedAlerts, IReadOnlyList<Signal> Signals);
