using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Vigil.Cli.Logs;

/// <summary>What sending one batch came to.</summary>
/// <param name="Accepted">Lines the server stored.</param>
/// <param name="Rejected">Lines it refused (named in <paramref name="Errors"/>).</param>
/// <param name="Retries">Attempts that were answered 429/503 or failed to connect before the last one.</param>
/// <param name="Errors">The server's words about refused lines.</param>
internal readonly record struct BatchOutcome(int Accepted, int Rejected, int Retries, string? Errors);

/// <summary>An answer that no retry will change (401, 404, 413, …): the command stops with it.</summary>
internal sealed class LogSendException(string message) : Exception(message);

/// <summary>
/// Posts batches of JSON lines to <c>/api/v1/logs</c>. 429 and 503 are retried after the server's <c>Retry-After</c>
/// (seconds or a date), else after a backoff doubling from 0.5 s to 10 s; so are connection failures. A 400 for a batch
/// with no usable line is counted as rejected, not retried; any other 4xx/5xx stops the command.
/// </summary>
internal sealed class LogBatchSender(HttpClient client, Uri endpoint, int maxAttempts, TimeProvider time)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Sends one batch (one JSON object per line), retrying as described.</summary>
    public async Task<BatchOutcome> SendAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var body = string.Join('\n', lines);
        var backoff = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            string why;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
                using var response = await client.PostAsync(endpoint, content, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return Outcome(text, lines.Count, attempt - 1);
                }
                if (response.StatusCode == HttpStatusCode.BadRequest)
                {
                    return new BatchOutcome(0, lines.Count, attempt - 1, ErrorOf(text));
                }
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                {
                    throw new LogSendException($"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorOf(text)}");
                }
                wait = RetryAfter(response.Headers.RetryAfter) ?? backoff;
                why = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e)
            {
                wait = backoff;
                why = e.Message;
            }
            if (attempt >= maxAttempts)
            {
                throw new LogSendException($"{endpoint}: gave up after {attempt} attempts, last: {why}");
            }
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"vigil logs ingest: {why}; retrying in {wait.TotalSeconds:0.#} s"));
            await Task.Delay(wait, time, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static BatchOutcome Outcome(string text, int sent, int retries)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var accepted = root.TryGetProperty("accepted", out var a) ? a.GetInt32() : sent;
            var rejected = root.TryGetProperty("rejected", out var r) ? r.GetInt32() : 0;
            string? errors = null;
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0)
            {
                errors = string.Join("; ", e.EnumerateArray().Select(x => x.GetString()));
            }
            return new BatchOutcome(accepted, rejected, retries, errors);
        }
        catch (JsonException)
        {
            return new BatchOutcome(sent, 0, retries, null);
        }
    }

    private static string ErrorOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                return error.ToString();
            }
        }
        catch (JsonException)
        {
        }
        return text.Length > 500 ? text[..500] : text;
    }
}
