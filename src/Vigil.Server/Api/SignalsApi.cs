using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
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
    }
}
