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
            if (!ApiTime.TryParse(start, out var startTime))
            {
                return ApiResponses.BadData($"start: \"{start}\" is neither RFC 3339 nor Unix seconds");
            }
            if (await store.FindAsync(fingerprint, startTime, ct) is not { } signal)
            {
                return ApiResponses.NotFound($"no signal {fingerprint} starting at {startTime:O}");
            }
            var feedback = await store.FeedbackAsync(fingerprint, startTime, ct);
            return ApiResponses.Ok(new SignalDetailDto(SignalDto.From(signal), [.. feedback.Select(FeedbackDto.From)]));
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Signals")
        .WithSummary("One signal with the verdicts people gave on it");

        app.MapPost("/api/v1/signals/{fingerprint}/{start}/feedback", async (
            string fingerprint, string start, FeedbackRequest? body, ISignalStore store, AnomalyFeedback detectors, TimeProvider time, CancellationToken ct) =>
        {
            if (!ApiTime.TryParse(start, out var startTime))
            {
                return ApiResponses.BadData($"start: \"{start}\" is neither RFC 3339 nor Unix seconds");
            }
            if (body is null)
            {
                return ApiResponses.BadData("body: expected {\"verdict\": \"false_positive\" | \"confirmed\", \"actor\": \"…\", \"comment\": \"…\"}");
            }
            if (!TryParseVerdict(body.Verdict, out var verdict))
            {
                return ApiResponses.BadData($"verdict: \"{body.Verdict}\" is neither false_positive nor confirmed");
            }
            if (string.IsNullOrWhiteSpace(body.Actor) || body.Actor.Length > 200)
            {
                return ApiResponses.BadData("actor: required, at most 200 characters (who gives the verdict)");
            }
            if (body.Comment is { Length: > 2000 })
            {
                return ApiResponses.BadData("comment: at most 2000 characters");
            }
            if (await store.FindAsync(fingerprint, startTime, ct) is not { } signal)
            {
                return ApiResponses.NotFound($"no signal {fingerprint} starting at {startTime:O}");
            }
            var feedback = new SignalFeedback(fingerprint, signal.Start, verdict, body.Actor, time.GetUtcNow(), body.Comment);
            await store.RecordFeedbackAsync(feedback, ct);
            var applied = await detectors.ApplyAsync(signal, verdict);
            return ApiResponses.Ok(FeedbackDto.From(feedback) with { AppliedToDetector = applied });
        })
        .RequireScope(ApiScope.Admin)
        .WithTags("Signals")
        .WithSummary("Mark a signal as a false positive or confirm it")
        .WithDescription("verdict: false_positive or confirmed. For a metric anomaly the series' detector takes it into account: a false positive raises " +
            "keeps the series quiet about anomalies like it (same direction, up to 50% farther from the expected value; fading with Engine:FeedbackHalfLife), " +
            "a confirmation makes it always alert on anomalies that far out. appliedToDetector says whether a series detector took it (false for alerts and log signals).");
    }

    private static bool TryParseVerdict(string? text, out SignalVerdict verdict)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "false_positive" or "false-positive" or "falsepositive":
                verdict = SignalVerdict.FalsePositive;
                return true;
            case "confirmed" or "confirm":
                verdict = SignalVerdict.Confirmed;
                return true;
            default:
                verdict = default;
                return false;
        }
    }
}

/// <summary>A verdict on a signal, as posted.</summary>
/// <param name="Verdict"><c>false_positive</c> or <c>confirmed</c>.</param>
/// <param name="Actor">Who gives it.</param>
/// <param name="Comment">Why, optionally.</param>
public sealed record FeedbackRequest(string? Verdict, string? Actor, string? Comment);

/// <summary>A verdict on a signal, as recorded.</summary>
/// <param name="Verdict"><c>false_positive</c> or <c>confirmed</c>.</param>
/// <param name="Actor">Who gave it.</param>
/// <param name="At">When.</param>
/// <param name="Comment">Why, if given.</param>
/// <param name="AppliedToDetector">In the answer to a verdict: whether a series detector took it into account.</param>
public sealed record FeedbackDto(string Verdict, string Actor, DateTimeOffset At, string? Comment, bool? AppliedToDetector = null)
{
    internal static FeedbackDto From(SignalFeedback f) =>
        new(f.Verdict == SignalVerdict.FalsePositive ? "false_positive" : "confirmed", f.Actor, f.At, f.Comment);
}

/// <summary>A signal with its verdicts.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Feedback">Verdicts, oldest first.</param>
public sealed record SignalDetailDto(SignalDto Signal, IReadOnlyList<FeedbackDto> Feedback);
