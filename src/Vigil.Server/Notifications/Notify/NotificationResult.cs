namespace Vigil.Server.Notifications.Notify;

/// <summary>How one attempt to reach a receiver went.</summary>
public enum AttemptOutcome
{
    /// <summary>2xx.</summary>
    Success,
    /// <summary>5xx, 429 or 408: worth retrying.</summary>
    RetryableStatus,
    /// <summary>Another 4xx (or 3xx): the request itself is wrong; not retried.</summary>
    RejectedStatus,
    /// <summary>No answer: connection refused or reset, DNS failure.</summary>
    ConnectionError,
    /// <summary>No answer within <c>Notifications:Timeout</c>.</summary>
    Timeout,
}

/// <summary>How a notification to one receiver ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>Delivered.</summary>
    Sent,
    /// <summary>Given up: a non-retryable answer, or every attempt failed.</summary>
    Failed,
    /// <summary>Not sent: the receiver already has this state of the incident (or a resolution it never saw firing).</summary>
    Deduplicated,
}

/// <summary>One attempt, reported as it ends.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Receiver">The receiver.</param>
/// <param name="Attempt">1 for the first.</param>
/// <param name="Outcome">How it went.</param>
/// <param name="StatusCode">The HTTP status, when there was an answer.</param>
/// <param name="RetryIn">The wait before the next attempt, when there will be one.</param>
public sealed record NotificationAttempt(string IncidentId, string Receiver, int Attempt, AttemptOutcome Outcome, int? StatusCode, TimeSpan? RetryIn);

/// <summary>
/// How a notification to one receiver ended: what an incident timeline records ("notified slack-ops").
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Receiver">The receiver.</param>
/// <param name="Status">Firing or resolved.</param>
/// <param name="Outcome">Sent, failed or deduplicated.</param>
/// <param name="Attempts">Attempts made (0 when deduplicated).</param>
/// <param name="At">When it ended.</param>
/// <param name="Error">What went wrong, when it failed.</param>
public sealed record NotificationResult(string IncidentId, string Receiver, IncidentStatus Status, DeliveryOutcome Outcome, int Attempts, DateTimeOffset At, string? Error);
