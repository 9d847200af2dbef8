using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Telemetry;
using Vigil.Server.Notifications.Notify;
using Vigil.Server.Notifications.Route;

namespace Vigil.Server.Notifications;

/// <summary>
/// Takes incident notifications (<see cref="Enqueue"/>), routes each to its receivers, and delivers them, one worker
/// per receiver so that a slow or retrying receiver holds up no other. Every queue is bounded
/// (<see cref="NotificationsOptions.QueueCapacity"/>): when full, the oldest notification is dropped and counted.
/// Deliveries are deduplicated per receiver and incident; still-firing incidents are repeated after
/// <see cref="NotificationsOptions.RepeatInterval"/>; resolutions go to the receivers that saw the incident firing.
/// </summary>
public sealed partial class NotificationDispatcher : BackgroundService
{
    private const string DispatcherQueue = "dispatcher";

    private readonly NotificationsOptions _options;
    private readonly VigilMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly NotificationRouter _router;
    private readonly NotificationLedger _ledger;
    private readonly Channel<IncidentNotification> _incoming;
    private readonly Dictionary<string, (ReceiverClient Client, Channel<IncidentNotification> Queue)> _receivers = new(StringComparer.Ordinal);

    /// <summary>Creates the dispatcher; <paramref name="handler"/> and <paramref name="seed"/> are for tests (jitter is seeded then).</summary>
    public NotificationDispatcher(
        NotificationsOptions options, VigilMetrics metrics, TimeProvider time, ILogger<NotificationDispatcher> logger,
        HttpMessageHandler? handler = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = options.Timeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _router = new NotificationRouter(options);
        _ledger = new NotificationLedger(options);
        _incoming = Bounded(DispatcherQueue);
        var random = seed is { } s ? new Random(s) : Random.Shared;
        foreach (var receiver in options.Receivers)
        {
            _receivers[receiver.Name] = (new ReceiverClient(receiver, options, _http, time, random.NextDouble), Bounded(receiver.Name));
        }
    }

    /// <summary>Raised at the end of every attempt to reach a receiver (from a worker thread).</summary>
    public event Action<NotificationAttempt>? Attempted;

    /// <summary>Raised when a notification to a receiver is sent, given up or deduplicated: what an incident timeline records.</summary>
    public event Action<NotificationResult>? Notified;

    /// <summary>
    /// Queues a notification; never blocks. Returns false only once the dispatcher has stopped. When the queue is full
    /// the oldest waiting notification is dropped (<c>vigil_notifications_dropped_total{queue="dispatcher"}</c>).
    /// </summary>
    public bool Enqueue(IncidentNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _incoming.Writer.TryWrite(notification);
    }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new List<Task>(_receivers.Count + 2) { RouteAsync(stoppingToken), RepeatAsync(stoppingToken) };
        foreach (var (client, queue) in _receivers.Values)
        {
            workers.Add(DeliverAsync(client, queue.Reader, stoppingToken));
        }
        return Task.WhenAll(workers);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _incoming.Writer.TryComplete();
        _http.Dispose();
        base.Dispose();
    }

    private Channel<IncidentNotification> Bounded(string queue) =>
        Channel.CreateBounded<IncidentNotification>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => _metrics.NotificationsDropped.WithLabels(queue).Inc());

    private async Task RouteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var n in _incoming.Reader.ReadAllAsync(stoppingToken))
            {
                // A resolution goes to whoever saw the incident firing, and along its routes too: a firing notification
                // still queued for a receiver is delivered first (queues are FIFO), and the ledger then lets the
                // resolution through; a receiver that never saw it firing is not told it resolved.
                var receivers = n.Status == IncidentStatus.Resolved ? _ledger.ReceiversOf(n.IncidentId).Union(_router.Route(n)) : _router.Route(n);
                foreach (var name in receivers)
                {
                    _receivers[name].Queue.Writer.TryWrite(n);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RepeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RepeatCheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (receiver, n) in _ledger.DueForRepeat(_time.GetUtcNow()))
                {
                    _receivers[receiver].Queue.Writer.TryWrite(n);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(ReceiverClient client, ChannelReader<IncidentNotification> queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var n in queue.ReadAllAsync(stoppingToken))
            {
                if (!_ledger.ShouldSend(client.Name, n, _time.GetUtcNow()))
                {
                    Report(new NotificationResult(n.IncidentId, client.Name, n.Status, DeliveryOutcome.Deduplicated, 0, _time.GetUtcNow(), null));
                    continue;
                }
                (DeliveryOutcome Outcome, int Attempts, string? Error) result;
                try
                {
                    result = await client.SendAsync(n, OnAttempt, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = (DeliveryOutcome.Failed, 0, e.Message);
                }
                var now = _time.GetUtcNow();
                if (result.Outcome == DeliveryOutcome.Sent)
                {
                    _ledger.Sent(client.Name, n, now);
                }
                else
                {
                    LogDeliveryFailed(_logger, client.Name, n.IncidentId, result.Attempts, result.Error);
                }
                Report(new NotificationResult(n.IncidentId, client.Name, n.Status, result.Outcome, result.Attempts, now, result.Error));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnAttempt(NotificationAttempt attempt)
    {
        _metrics.NotificationAttempts.WithLabels(attempt.Receiver, Snake(attempt.Outcome.ToString())).Inc();
        try
        {
            Attempted?.Invoke(attempt);
        }
        catch (Exception e)
        {
            LogHandlerFailed(_logger, nameof(Attempted), e);
        }
    }

    private void Report(NotificationResult result)
    {
        _metrics.Notifications.WithLabels(result.Receiver, Snake(result.Outcome.ToString())).Inc();
        try
        {
            Notified?.Invoke(result);
        }
        catch (Exception e)
        {
            LogHandlerFailed(_logger, nameof(Notified), e);
        }
    }

    // RetryableStatus → retryable_status, as Prometheus label values are spelled.
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification of incident {Incident} to {Receiver} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string receiver, string incident, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Event} handler threw")]
    private static partial void LogHandlerFailed(ILogger logger, string @event, Exception exception);
}
