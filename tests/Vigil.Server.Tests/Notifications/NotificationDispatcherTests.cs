using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Vigil.Core.Series;
using Vigil.Engine.Telemetry;
using Vigil.Server.Notifications;
using Vigil.Server.Notifications.Notify;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Notifications;

/// <summary>
/// The dispatcher against a real HTTP receiver on loopback, on a fake clock: payloads, retries (503, 429 with
/// Retry-After, connection refused), no retry on 400, deduplication, repeats, resolutions, routing, overload.
/// </summary>
public sealed class NotificationDispatcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    // Distinct from every retry delay the tests wait for, so the per-attempt timeout's timer is never mistaken for one.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(37);

    private readonly RecordingTimeProvider _clock = new(T0);
    private readonly Channel<NotificationAttempt> _attempts = Channel.CreateUnbounded<NotificationAttempt>();
    private readonly Channel<NotificationResult> _results = Channel.CreateUnbounded<NotificationResult>();
    private HookReceiver _hooks = null!;
    private NotificationDispatcher? _dispatcher;
    private VigilMetrics _metrics = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hooks = await HookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.StopAsync(CancellationToken.None);
            _dispatcher.Dispose();
        }
        await _hooks.DisposeAsync();
    }

    private NotificationsOptions Options(Action<NotificationsOptions>? configure = null)
    {
        var options = new NotificationsOptions
        {
            Timeout = AttemptTimeout,
            InitialBackoff = TimeSpan.FromSeconds(2),
            MaxBackoff = TimeSpan.FromSeconds(30),
            MaxAttempts = 4,
            RepeatInterval = TimeSpan.FromHours(1),
            RepeatCheckInterval = TimeSpan.FromMinutes(5),
            ExternalUrl = "https://vigil.example.com",
        };
        options.Receivers.Add(new ReceiverOptions { Name = "hook", Type = ReceiverType.Webhook, Url = _hooks.Url("hook"), Headers = { ["Authorization"] = "Bearer s3cret" } });
        options.Receivers.Add(new ReceiverOptions { Name = "slack-ops", Type = ReceiverType.Slack, Url = _hooks.Url("slack") });
        options.Routes.Add(new RouteOptions { Receiver = "hook", Continue = true });
        options.Routes.Add(new RouteOptions { Receiver = "slack-ops", Match = "{team=\"ops\"}", MinSeverity = "major" });
        configure?.Invoke(options);
        return options;
    }

    private async Task<NotificationDispatcher> StartAsync(NotificationsOptions options, bool start = true)
    {
        _metrics = new VigilMetrics(Metrics.NewCustomRegistry());
        _dispatcher = new NotificationDispatcher(options, _metrics, _clock, NullLogger<NotificationDispatcher>.Instance, seed: 7);
        _dispatcher.Attempted += a => _attempts.Writer.TryWrite(a);
        _dispatcher.Notified += r => _results.Writer.TryWrite(r);
        if (start)
        {
            await _dispatcher.StartAsync(Ct);
        }
        return _dispatcher;
    }

    private static IncidentNotification Incident(string id = "inc-1", int severity = 80, IncidentStatus status = IncidentStatus.Firing, string team = "ops") => new()
    {
        IncidentId = id,
        Status = status,
        Title = "checkout latency <p99> & payments errors",
        Severity = severity,
        Entities = ["service/checkout", "service/payments"],
        RootCause = "service/payments",
        StartedAt = T0.AddMinutes(-3),
        ResolvedAt = status == IncidentStatus.Resolved ? T0 : null,
        Labels = Labels.From("team", team, "env", "prod"),
    };

    private static async Task<T> NextAsync<T>(Channel<T> channel) =>
        await channel.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

    private async Task<NotificationResult> ResultAsync(string receiver)
    {
        while (true)
        {
            var result = await NextAsync(_results);
            if (result.Receiver == receiver)
            {
                return result;
            }
        }
    }

    private async Task<NotificationAttempt> AttemptAsync(string receiver)
    {
        while (true)
        {
            var attempt = await NextAsync(_attempts);
            if (attempt.Receiver == receiver)
            {
                return attempt;
            }
        }
    }

    private static double Counter(Counter counter, params string[] labels) => counter.WithLabels(labels).Value;

    [Fact]
    public async Task Firing_Webhook_PostsTheIncidentAsJson()
    {
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(1)));

        Assert.True(dispatcher.Enqueue(Incident()));
        var hook = await _hooks.NextAsync(Ct);

        Assert.Equal("/hook", hook.Path);
        Assert.StartsWith("application/json", hook.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer s3cret", hook.Headers["Authorization"]);
        var body = hook.Body;
        Assert.Equal("1", body.GetProperty("version").GetString());
        Assert.Equal("hook", body.GetProperty("receiver").GetString());
        Assert.Equal("inc-1", body.GetProperty("incidentId").GetString());
        Assert.Equal("firing", body.GetProperty("status").GetString());
        Assert.Equal("checkout latency <p99> & payments errors", body.GetProperty("title").GetString());
        Assert.Equal(80, body.GetProperty("severity").GetInt32());
        Assert.Equal("critical", body.GetProperty("band").GetString());
        Assert.Equal(["service/checkout", "service/payments"], body.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("service/payments", body.GetProperty("rootCause").GetString());
        Assert.Equal("https://vigil.example.com/incidents/inc-1", body.GetProperty("url").GetString());
        Assert.Equal(T0.AddMinutes(-3), body.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("resolvedAt").ValueKind);
        Assert.Equal("ops", body.GetProperty("labels").GetProperty("team").GetString());
        var result = await ResultAsync("hook");
        Assert.Equal((DeliveryOutcome.Sent, 1, IncidentStatus.Firing), (result.Outcome, result.Attempts, result.Status));
        Assert.Equal(1, Counter(_metrics.NotificationAttempts, "hook", "success"));
        Assert.Equal(1, Counter(_metrics.Notifications, "hook", "sent"));
    }

    [Fact]
    public async Task Firing_Slack_PostsBlocksInAnAttachmentColouredBySeverity()
    {
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(0)));

        dispatcher.Enqueue(Incident(severity: 60));
        var hook = await _hooks.NextAsync(Ct);

        Assert.Equal("/slack", hook.Path);
        Assert.Equal("[FIRING] checkout latency <p99> & payments errors", hook.Body.GetProperty("text").GetString());
        var attachment = hook.Body.GetProperty("attachments")[0];
        Assert.Equal("#F2700F", attachment.GetProperty("color").GetString());
        var blocks = attachment.GetProperty("blocks");
        Assert.Equal("section", blocks[0].GetProperty("type").GetString());
        var section = blocks[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.StartsWith("*<https://vigil.example.com/incidents/inc-1|[FIRING] checkout latency &lt;p99&gt; &amp; payments errors>*", section, StringComparison.Ordinal);
        Assert.Contains("Severity: *major* (60)", section, StringComparison.Ordinal);
        Assert.Contains("Probable root cause: `service/payments`", section, StringComparison.Ordinal);
        Assert.Contains("Entities: service/checkout, service/payments", blocks[1].GetProperty("elements")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_503Twice_ThenSentOnTheThirdAttemptWithGrowingBackoff()
    {
        _hooks.Respond("hook", (503, null), (503, null));
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(1)));

        dispatcher.Enqueue(Incident());
        var first = await AttemptAsync("hook");
        Assert.Equal((1, AttemptOutcome.RetryableStatus, 503), (first.Attempt, first.Outcome, first.StatusCode));
        // Exponential with jitter around 2 s, then around 4 s (Polly's decorrelated jitter stays within the cap).
        Assert.InRange(first.RetryIn!.Value, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30));
        await _clock.AdvanceOnceWaitingAsync(first.RetryIn.Value, Ct);
        var second = await AttemptAsync("hook");
        Assert.Equal((2, AttemptOutcome.RetryableStatus), (second.Attempt, second.Outcome));
        await _clock.AdvanceOnceWaitingAsync(second.RetryIn!.Value, Ct);
        var third = await AttemptAsync("hook");

        Assert.Equal((3, AttemptOutcome.Success, (TimeSpan?)null), (third.Attempt, third.Outcome, third.RetryIn));
        var result = await ResultAsync("hook");
        Assert.Equal((DeliveryOutcome.Sent, 3), (result.Outcome, result.Attempts));
        Assert.Equal(3, _hooks.Count("hook"));
        Assert.Equal(2, Counter(_metrics.NotificationAttempts, "hook", "retryable_status"));
        Assert.Equal(1, Counter(_metrics.NotificationAttempts, "hook", "success"));
    }

    [Fact]
    public async Task Rejected_400_NotRetried()
    {
        _hooks.Respond("hook", (400, null));
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(1)));

        dispatcher.Enqueue(Incident());
        var result = await ResultAsync("hook");

        Assert.Equal((DeliveryOutcome.Failed, 1), (result.Outcome, result.Attempts));
        Assert.Contains("400", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, _hooks.Count("hook"));
        Assert.Equal(1, Counter(_metrics.NotificationAttempts, "hook", "rejected_status"));
        Assert.Equal(1, Counter(_metrics.Notifications, "hook", "failed"));
    }

    [Fact]
    public async Task RetryAfter_429_WaitsExactlyThatLong()
    {
        _hooks.Respond("hook", (429, "120"));
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(1)));

        dispatcher.Enqueue(Incident());
        var first = await AttemptAsync("hook");
        Assert.Equal((AttemptOutcome.RetryableStatus, 429, TimeSpan.FromSeconds(120)), (first.Outcome, first.StatusCode, first.RetryIn));

        await _clock.AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(120), Ct);
        var second = await AttemptAsync("hook");

        Assert.Equal(AttemptOutcome.Success, second.Outcome);
        Assert.Equal(T0.AddSeconds(120), _clock.GetUtcNow());
        Assert.Equal(2, _hooks.Count("hook"));
    }

    [Fact]
    public async Task RetryAfter_BeforeItsTime_NoSecondAttempt()
    {
        _hooks.Respond("hook", (503, "90"));
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(1)));

        dispatcher.Enqueue(Incident());
        var first = await AttemptAsync("hook");
        Assert.Equal(TimeSpan.FromSeconds(90), first.RetryIn);
        await _clock.WaitForTimerAsync(TimeSpan.FromSeconds(90), Ct);

        // The fake clock runs due timer callbacks inside Advance: 89 s on, the retry has not started.
        _clock.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(1, _hooks.Count("hook"));
        Assert.False(_attempts.Reader.TryPeek(out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await AttemptAsync("hook");

        Assert.Equal((2, AttemptOutcome.Success), (second.Attempt, second.Outcome));
    }

    [Fact]
    public async Task ConnectionRefused_RetriedThenGivenUp()
    {
        var closed = FreePort.LoopbackUrl() + "/nobody";
        var dispatcher = await StartAsync(Options(o =>
        {
            o.Receivers.Clear();
            o.Routes.Clear();
            o.Receivers.Add(new ReceiverOptions { Name = "gone", Url = closed });
            o.DefaultReceiver = "gone";
            o.MaxAttempts = 2;
        }));

        dispatcher.Enqueue(Incident());
        var first = await AttemptAsync("gone");
        Assert.Equal(AttemptOutcome.ConnectionError, first.Outcome);
        await _clock.AdvanceOnceWaitingAsync(first.RetryIn!.Value, Ct);
        var result = await ResultAsync("gone");

        Assert.Equal((DeliveryOutcome.Failed, 2), (result.Outcome, result.Attempts));
        Assert.Equal(2, Counter(_metrics.NotificationAttempts, "gone", "connection_error"));
    }

    [Fact]
    public async Task Dedup_SameStateOnce_ChangedStateAgain_RepeatAfterInterval()
    {
        var dispatcher = await StartAsync(Options(o => o.Routes.RemoveAt(1)));

        dispatcher.Enqueue(Incident());
        Assert.Equal(DeliveryOutcome.Sent, (await ResultAsync("hook")).Outcome);
        dispatcher.Enqueue(Incident());
        Assert.Equal(DeliveryOutcome.Deduplicated, (await ResultAsync("hook")).Outcome);
        dispatcher.Enqueue(Incident(severity: 55));
        Assert.Equal(DeliveryOutcome.Sent, (await ResultAsync("hook")).Outcome);
        Assert.Equal(2, _hooks.Count("hook"));

        // Still firing, unchanged: the repeat check (a periodic 5 min timer, armed at start) sends it again once an
        // hour has passed, not before.
        await _clock.WaitForTimerAsync(TimeSpan.FromMinutes(5), Ct);
        _clock.Advance(TimeSpan.FromMinutes(55));
        dispatcher.Enqueue(Incident(id: "marker", team: "dev"));
        Assert.Equal("marker", (await ResultAsync("hook")).IncidentId);
        Assert.Equal(3, _hooks.Count("hook"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var repeated = await ResultAsync("hook");

        Assert.Equal(("inc-1", DeliveryOutcome.Sent), (repeated.IncidentId, repeated.Outcome));
        Assert.Equal(4, _hooks.Count("hook"));
        Assert.Equal(1, Counter(_metrics.Notifications, "hook", "deduplicated"));
    }

    [Fact]
    public async Task Resolved_SentToReceiversThatSawItFiring_Once()
    {
        var dispatcher = await StartAsync(Options());

        dispatcher.Enqueue(Incident());
        await _hooks.NextAsync(Ct);
        await _hooks.NextAsync(Ct);
        // Delivered and recorded by both receivers (the result comes after the ledger has it).
        await NextAsync(_results);
        await NextAsync(_results);
        dispatcher.Enqueue(Incident(status: IncidentStatus.Resolved, severity: 10));
        var resolved = new[] { await _hooks.NextAsync(Ct), await _hooks.NextAsync(Ct) }.OrderBy(h => h.Path, StringComparer.Ordinal).ToArray();

        Assert.Equal("resolved", resolved[0].Body.GetProperty("status").GetString());
        Assert.Equal(T0, resolved[0].Body.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal("#2EB67D", resolved[1].Body.GetProperty("attachments")[0].GetProperty("color").GetString());
        Assert.StartsWith("[RESOLVED]", resolved[1].Body.GetProperty("text").GetString(), StringComparison.Ordinal);

        await NextAsync(_results);
        await NextAsync(_results);

        // Once resolved, the incident is forgotten: a repeat of the resolution goes nowhere.
        dispatcher.Enqueue(Incident(status: IncidentStatus.Resolved, severity: 10));
        dispatcher.Enqueue(Incident(id: "inc-never-fired", status: IncidentStatus.Resolved));
        dispatcher.Enqueue(Incident(id: "marker", team: "dev"));
        var marker = await _hooks.NextAsync(Ct);
        Assert.Equal("marker", marker.Body.GetProperty("incidentId").GetString());
        Assert.Equal(3, _hooks.Count("hook"));
    }

    [Fact]
    public async Task Routing_LabelsAndSeverity_PickTheReceivers()
    {
        var dispatcher = await StartAsync(Options());

        dispatcher.Enqueue(Incident(id: "low-ops", severity: 30));
        dispatcher.Enqueue(Incident(id: "high-dev", severity: 90, team: "dev"));
        dispatcher.Enqueue(Incident(id: "high-ops", severity: 90));
        var slack = await ResultAsync("slack-ops");

        Assert.Equal("high-ops", slack.IncidentId);
        Assert.Equal(1, _hooks.Count("slack"));
    }

    [Fact]
    public async Task Enqueue_QueueFull_DropsTheOldestAndCounts()
    {
        var dispatcher = await StartAsync(Options(o => o.QueueCapacity = 2), start: false);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(dispatcher.Enqueue(Incident(id: $"inc-{i}")));
        }
        Assert.Equal(3, Counter(_metrics.NotificationsDropped, "dispatcher"));

        await dispatcher.StartAsync(Ct);
        var ids = new[] { (await ResultAsync("hook")).IncidentId, (await ResultAsync("hook")).IncidentId };
        Assert.Equal(["inc-3", "inc-4"], ids.Order(StringComparer.Ordinal));
    }
}
