using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Vigil.Server.Notifications.Notify;

/// <summary>
/// Sends notifications to one receiver through a Polly pipeline: a per-attempt timeout inside a retry with
/// exponential backoff and jitter. Only what may succeed later is retried (Alertmanager's "recoverable"): 5xx, 429 and
/// 408 answers, connection errors and timeouts; a <c>Retry-After</c> on 429/503 sets the wait (up to
/// <see cref="NotificationsOptions.MaxRetryAfter"/>). Any other 4xx fails at once.
/// </summary>
internal sealed class ReceiverClient
{
    private readonly ReceiverOptions _receiver;
    private readonly NotificationsOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Uri? _externalUrl;

    public ReceiverClient(ReceiverOptions receiver, NotificationsOptions options, HttpClient http, TimeProvider time, Func<double> random)
    {
        _receiver = receiver;
        _options = options;
        _http = http;
        _time = time;
        _externalUrl = string.IsNullOrEmpty(options.ExternalUrl) ? null : new Uri(options.ExternalUrl.EndsWith('/') ? options.ExternalUrl : options.ExternalUrl + "/");
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InitialBackoff,
                MaxDelay = options.MaxBackoff,
                Randomizer = random,
                ShouldHandle = args => ValueTask.FromResult(options.MaxAttempts > 1 && args.Outcome.Exception is not OperationCanceledException && IsRetryable(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(AttemptKey, out var report))
                    {
                        report(args.AttemptNumber + 1, args.Outcome, args.RetryDelay);
                    }
                    return default;
                },
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    /// <summary>Called at the end of each attempt: (attempt number, outcome, wait before the next one or null).</summary>
    internal delegate void AttemptReport(int attempt, Outcome<HttpResponseMessage> outcome, TimeSpan? retryIn);

    private static readonly ResiliencePropertyKey<AttemptReport> AttemptKey = new("vigil.notify.attempt");

    public string Name => _receiver.Name;

    /// <summary>The link of an incident: its own, else the external URL's <c>incidents/{id}</c>.</summary>
    public Uri? UrlOf(IncidentNotification n) => n.Url ?? (_externalUrl is null ? null : new Uri(_externalUrl, "incidents/" + Uri.EscapeDataString(n.IncidentId)));

    /// <summary>Sends, retrying as the pipeline says; reports every attempt as it ends; returns the final result.</summary>
    public async Task<(DeliveryOutcome Outcome, int Attempts, string? Error)> SendAsync(
        IncidentNotification n, Action<NotificationAttempt> onAttempt, CancellationToken cancellationToken)
    {
        var body = _receiver.Type == ReceiverType.Slack ? NotificationPayloads.Slack(n, UrlOf(n)) : NotificationPayloads.Webhook(_receiver.Name, n, UrlOf(n));
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        // Retried attempts are reported from OnRetry, which knows the wait; the last one once the pipeline returns.
        context.Properties.Set(AttemptKey, (attempt, outcome, retryIn) => onAttempt(Describe(n, attempt, outcome, retryIn)));
        try
        {
            var final = await _pipeline.ExecuteOutcomeAsync(
                async (ctx, _) =>
                {
                    attempts++;
                    try
                    {
                        using var request = Request(body);
                        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (HttpRequestException e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                0).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            onAttempt(Describe(n, attempts, final, null));
            using var response = final.Result;
            return Classify(final) == AttemptOutcome.Success
                ? (DeliveryOutcome.Sent, attempts, null)
                : (DeliveryOutcome.Failed, attempts, ErrorOf(final));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static string ErrorOf(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timed out",
        { Exception: { } e } => e.Message,
        { Result: { } r } => $"HTTP {(int)r.StatusCode} {r.ReasonPhrase}",
        _ => "no answer",
    };

    private NotificationAttempt Describe(IncidentNotification n, int attempt, Outcome<HttpResponseMessage> outcome, TimeSpan? retryIn) =>
        new(n.IncidentId, _receiver.Name, attempt, Classify(outcome), outcome.Result is { } r ? (int)r.StatusCode : null, retryIn);

    private HttpRequestMessage Request(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _receiver.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in _receiver.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    internal static AttemptOutcome Classify(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => AttemptOutcome.Timeout,
        { Exception: not null } => AttemptOutcome.ConnectionError,
        { Result: { IsSuccessStatusCode: true } } => AttemptOutcome.Success,
        { Result: { } r } when IsRetryable(r.StatusCode) => AttemptOutcome.RetryableStatus,
        _ => AttemptOutcome.RejectedStatus,
    };

    private static bool IsRetryable(Outcome<HttpResponseMessage> outcome) =>
        Classify(outcome) is AttemptOutcome.RetryableStatus or AttemptOutcome.ConnectionError or AttemptOutcome.Timeout;

    private static bool IsRetryable(HttpStatusCode code) =>
        (int)code >= 500 || code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable } || response.Headers.RetryAfter is not { } after)
        {
            return null;
        }
        var wait = after.Delta ?? (after.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is not { } w)
        {
            return null;
        }
        return w <= TimeSpan.Zero ? TimeSpan.Zero : w > _options.MaxRetryAfter ? _options.MaxRetryAfter : w;
    }
}
