using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Engine.Series;
using Vigil.Server.Auth;

namespace Vigil.Server.Api;

/// <summary>A signal as the API shows it.</summary>
/// <param name="Kind">What found it (e.g. <c>MetricAnomaly</c>, <c>ExternalAlert</c>).</param>
/// <param name="Entity">What it is about.</param>
/// <param name="Start">When it began.</param>
/// <param name="End">When it ended; null while open.</param>
/// <param name="Score">0–1.</param>
/// <param name="Severity">0–100.</param>
/// <param name="Band">Severity band: low, warning, minor, major, critical.</param>
/// <param name="Summary">One line for a human.</param>
/// <param name="Evidence">What supports it.</param>
/// <param name="Labels">Labels of the entity.</param>
/// <param name="Fingerprint">Identity of "the same problem".</param>
public sealed record SignalDto(
    string Kind, string Entity, DateTimeOffset Start, DateTimeOffset? End, double Score, int Severity, string Band,
    string Summary, IReadOnlyDictionary<string, string> Evidence, IReadOnlyDictionary<string, string> Labels, string Fingerprint)
{
    internal static SignalDto From(Signal s) => new(
        s.Kind.ToString(), s.Entity, s.Start, s.End, s.Score, s.Severity, s.Band.ToString().ToLowerInvariant(), s.Summary,
        s.Evidence, s.Labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal), s.Fingerprint);
}

/// <summary>An operator's verdict as the API takes it.</summary>
/// <param name="Verdict"><c>false_positive</c> or <c>confirmed</c>.</param>
/// <param name="Actor">Who says it.</param>
/// <param name="Comment">Why, optionally.</param>
public sealed record SignalFeedbackRequest(string? Verdict, string? Actor, string? Comment);

/// <summary>An operator's verdict as the API shows it.</summary>
/// <param name="Verdict"><c>false_positive</c> or <c>confirmed</c>.</param>
/// <param name="Actor">Who said it.</param>
/// <param name="Comment">Why, if given.</param>
/// <param name="At">When.</param>
public sealed record SignalFeedbackDto(string Verdict, string Actor, string? Comment, DateTimeOffset At)
{
    internal static SignalFeedbackDto From(SignalFeedback f) => new(SignalsApi.FormatVerdict(f.Verdict), f.Actor, f.Comment, f.At);
}

/// <summary>One signal with the verdicts given on it.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Feedback">Verdicts, oldest first.</param>
/// <param name="AppliedToDetector">In the answer to a verdict: whether a series detector took it into account.</param>
public sealed record SignalDetailDto(SignalDto Signal, IReadOnlyList<SignalFeedbackDto> Feedback, bool? AppliedToDetector = null);

/// <summary>Signals with filters.</summary>
internal static class SignalsApi
{
    public static void MapSignalsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/signals", async (
            string? kind, string? entity, string? from, string? to,
            [FromQuery(Name = "min_severity")] string? minSeverityText, [FromQuery(Name = "open")] string? openText, [FromQuery(Name = "limit")] string? limitText,
            ISignalStore store, CancellationToken ct) =>
        {
            // Taken as text and parsed here, so that a value that is not a number or a boolean gets a message naming
            // the parameter as the query spells it (the framework's binding failure names the C# parameter).
            int? minSeverity = null, limit = null;
            bool? open = null;
            if (minSeverityText is not null)
            {
                if (!int.TryParse(minSeverityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m))
                {
                    return ApiResponses.BadData($"min_severity: \"{minSeverityText}\" is not an integer from 0 to 100");
                }
                minSeverity = m;
            }
            if (limitText is not null)
            {
                if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    return ApiResponses.BadData($"limit: \"{limitText}\" is not an integer from 1 to 10000");
                }
                limit = l;
            }
            if (openText is not null)
            {
                if (!bool.TryParse(openText, out var o))
                {
                    return ApiResponses.BadData($"open: \"{openText}\" is neither true nor false");
                }
                open = o;
            }
            SignalKind? kindFilter = null;
            if (kind is not null)
            {
                if (!Enum.TryParse<SignalKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k))
                {
                    return ApiResponses.BadData($"kind: \"{kind}\" is not one of {string.Join(", ", Enum.GetNames<SignalKind>())}");
                }
                kindFilter = k;
            }
            DateTimeOffset? fromTime = null, toTime = null;
            if (from is not null)
            {
                if (!ApiTime.TryParse(from, out var f))
                {
                    return ApiResponses.BadData($"from: \"{from}\" is neither RFC 3339 nor Unix seconds");
                }
                fromTime = f;
            }
            if (to is not null)
            {
                if (!ApiTime.TryParse(to, out var t))
                {
                    return ApiResponses.BadData($"to: \"{to}\" is neither RFC 3339 nor Unix seconds");
                }
                toTime = t;
            }
            if (minSeverity is < 0 or > 100)
            {
                return ApiResponses.BadData("min_severity: must be between 0 and 100");
            }
            if (limit is < 1 or > 10_000)
            {
                return ApiResponses.BadData("limit: must be between 1 and 10000");
            }
            var query = new SignalQuery
            {
                Kind = kindFilter, Entity = entity, From = fromTime, To = toTime, MinSeverity = minSeverity, Open = open, Limit = limit ?? 1000,
            };
            var signals = await store.QueryAsync(query, ct);
            return ApiResponses.Ok(signals.Select(SignalDto.From).ToList());
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Signals")
        .WithSummary("Signals, newest first, filtered by kind, entity, time, severity and state")
        .WithDescription("kind: MetricAnomaly, LogAnomaly, NewLogPattern, SloBurn, ForecastBreach, ExternalAlert; from/to: RFC 3339 or Unix seconds; open: true for active signals only.");

        app.MapGet("/api/v1/signals/{fingerprint}/{start}", async (string fingerprint, string start, ISignalStore store, CancellationToken ct) =>
        {
            var (signal, error) = await FindAsync(fingerprint, start, store, ct);
            if (signal is null)
            {
                return error!;
            }
            return ApiResponses.Ok(await DetailAsync(signal, store, ct));
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Signals")
        .WithSummary("One signal, by fingerprint and start, with the verdicts operators gave on it")
        .WithDescription("start: RFC 3339 (as the signal lists give it, to the tick) or Unix seconds.");

        app.MapPost("/api/v1/signals/{fingerprint}/{start}/feedback", async (
            string fingerprint, string start, SignalFeedbackRequest? body, ISignalStore store, AnomalyFeedback detectors, TimeProvider time, CancellationToken ct) =>
        {
            if (body is null)
            {
                return ApiResponses.BadData("body: expected {\"verdict\": \"false_positive\" | \"confirmed\", \"actor\": \"…\", \"comment\": \"…\"}");
            }
            if (!TryParseVerdict(body.Verdict, out var verdict))
            {
                return ApiResponses.BadData($"verdict: \"{body.Verdict}\" is neither false_positive nor confirmed");
            }
            if (string.IsNullOrWhiteSpace(body.Actor) || body.Actor.Length > MaxActorLength)
            {
                return ApiResponses.BadData($"actor: who gives the verdict is required, at most {MaxActorLength} characters");
            }
            if (body.Comment is { Length: > MaxCommentLength })
            {
                return ApiResponses.BadData($"comment: at most {MaxCommentLength} characters");
            }
            var (signal, error) = await FindAsync(fingerprint, start, store, ct);
            if (signal is null)
            {
                return error!;
            }
            var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
            await store.RecordFeedbackAsync(new SignalFeedback(signal.Fingerprint, signal.Start, verdict, body.Actor.Trim(), time.GetUtcNow(), comment), ct);
            var applied = await detectors.ApplyAsync(signal, verdict);
            return ApiResponses.Ok(await DetailAsync(signal, store, ct) with { AppliedToDetector = applied });
        })
        .RequireScope(ApiScope.Admin)
        .WithTags("Signals")
        .WithSummary("Record an operator's verdict on a signal: false positive or confirmed")
        .WithDescription("Body: {\"verdict\": \"false_positive\" | \"confirmed\", \"actor\": \"who\", \"comment\": \"why\"}. Every verdict is kept; the answer is " +
            "the signal with all its verdicts. For a metric anomaly the series' detector takes it into account: a false positive keeps the series quiet about " +
            "anomalies like it (same direction, up to 50% farther from the expected value; fading with Engine:FeedbackHalfLife), a confirmation makes it always " +
            "alert on anomalies that far out. appliedToDetector says whether a series detector took it (false for alerts and log signals).");
    }

    private const int MaxActorLength = 200;
    private const int MaxCommentLength = 4_000;

    internal static string FormatVerdict(SignalVerdict verdict) => verdict == SignalVerdict.FalsePositive ? "false_positive" : "confirmed";

    private static bool TryParseVerdict(string? text, out SignalVerdict verdict)
    {
        verdict = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "false_positive" or "false-positive" or "falsepositive":
                verdict = SignalVerdict.FalsePositive;
                return true;
            case "confirmed":
                verdict = SignalVerdict.Confirmed;
                return true;
            default:
                return false;
        }
    }

    // A result tuple: the signal, or the error response (bad start, or no such signal).
    private static async Task<(Signal? Signal, IResult? Error)> FindAsync(string fingerprint, string start, ISignalStore store, CancellationToken ct)
    {
        if (!ApiTime.TryParse(start, out var at))
        {
            return (null, ApiResponses.BadData($"start: \"{start}\" is neither RFC 3339 nor Unix seconds"));
        }
        return await store.FindAsync(fingerprint, at, ct) is { } signal
            ? (signal, null)
            : (null, ApiResponses.NotFound($"no signal with fingerprint {fingerprint} starting at {at:O}"));
    }

    private static async Task<SignalDetailDto> DetailAsync(Signal signal, ISignalStore store, CancellationToken ct) =>
        new(SignalDto.From(signal), [.. (await store.FeedbackAsync(signal.Fingerprint, signal.Start, ct)).Select(SignalFeedbackDto.From)]);
}
