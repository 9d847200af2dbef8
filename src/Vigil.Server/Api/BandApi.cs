using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Detection;
using Vigil.Engine.Hosting;
using Vigil.Engine.Query;
using Vigil.Server.Auth;

namespace Vigil.Server.Api;

/// <summary>A series with the default detector's expected value, band and score per point.</summary>
/// <param name="Id">The store id.</param>
/// <param name="Labels">All labels, <c>__name__</c> included.</param>
/// <param name="Measure"><c>value</c>, or <c>rate per second</c> for counters.</param>
/// <param name="RawPoints">Points in the window before reduction.</param>
/// <param name="Points"><c>[unix seconds, value, expected, lower, upper, score]</c>; null where a number is not finite.</param>
/// <param name="Anomalies"><c>[unix seconds, value, score]</c> at full resolution, score at or above the threshold.</param>
public sealed record BandSeriesDto(
    long Id, IReadOnlyDictionary<string, string> Labels, string Measure, int RawPoints, IReadOnlyList<double?[]> Points, IReadOnlyList<double?[]> Anomalies);

/// <summary>The answer of <c>GET /api/v1/band</c>.</summary>
/// <param name="Detector">The detector that ran (<c>vigil</c>, the default ensemble).</param>
/// <param name="Threshold">The score from which a point counts as anomalous.</param>
/// <param name="WarmupSeconds">How much history before the window was fed first.</param>
/// <param name="Series">One entry per matching series.</param>
public sealed record BandResponse(string Detector, double Threshold, double WarmupSeconds, IReadOnlyList<BandSeriesDto> Series);

/// <summary><c>GET /api/v1/band</c>: the metrics explorer's chart data.</summary>
internal static class BandApi
{
    private const int MaxSeries = 10;
    private const int MaxAnomalies = 500;
    private const int DefaultPoints = 2_000;
    private const int MaxPoints = 5_000;

    public static void MapBandApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/band", async (
            [FromQuery(Name = "match[]")] string[] match, string? start, string? end, string? points,
            ISeriesIndex index, SeriesReader reader, EngineOptions engine, TimeProvider time, CancellationToken ct) =>
        {
            if (!SeriesApi.TryFind(index, match, out var found, out var error))
            {
                return ApiResponses.BadData(error);
            }
            if (found.Count > MaxSeries)
            {
                return ApiResponses.BadData($"match[]: {found.Count} series match; the band is computed for at most {MaxSeries}, narrow the selector");
            }
            var to = time.GetUtcNow();
            if (end is not null && !ApiTime.TryParse(end, out to))
            {
                return ApiResponses.BadData($"end: \"{end}\" is neither RFC 3339 nor Unix seconds");
            }
            var from = to - TimeSpan.FromHours(1);
            if (start is not null && !ApiTime.TryParse(start, out from))
            {
                return ApiResponses.BadData($"start: \"{start}\" is neither RFC 3339 nor Unix seconds");
            }
            if (from >= to)
            {
                return ApiResponses.BadData("start: must be before end");
            }
            var maxPoints = DefaultPoints;
            if (points is not null && (!int.TryParse(points, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxPoints) || maxPoints is < 10 or > MaxPoints))
            {
                return ApiResponses.BadData($"points: \"{points}\" is not an integer from 10 to {MaxPoints}");
            }
            // The detector learns from the history before the window: as long as the window, from one hour to two days.
            var warmup = TimeSpan.FromTicks(Math.Clamp((to - from).Ticks, TimeSpan.FromHours(1).Ticks, TimeSpan.FromDays(2).Ticks));
            DetectorCatalog.TryCreate(DetectorCatalog.Default, out var factory);
            var result = new List<BandSeriesDto>(found.Count);
            foreach (var entry in found)
            {
                var fromMs = from.ToUnixTimeMilliseconds();
                var samples = await reader.ReadAsync(entry, (from - warmup).ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), ct);
                var detected = BandSeries.Detect(samples, fromMs, entry.Key.IsCounter, factory());
                var reduced = BandSeries.Downsample(detected, maxPoints, engine.AnomalyThreshold);
                var anomalies = BandSeries.Anomalies(detected, engine.AnomalyThreshold, MaxAnomalies);
                result.Add(new BandSeriesDto(
                    entry.Id.Value,
                    entry.Key.Labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal),
                    entry.Key.IsCounter ? "rate per second" : "value",
                    detected.Count,
                    [.. reduced.Select(p => new[] { Seconds(p.TimestampMs), Finite(p.Value), Finite(p.Expected), Finite(p.Lower), Finite(p.Upper), p.Score })],
                    [.. anomalies.Select(p => new[] { Seconds(p.TimestampMs), Finite(p.Value), p.Score })]));
            }
            return ApiResponses.Ok(new BandResponse(DetectorCatalog.Default, engine.AnomalyThreshold, warmup.TotalSeconds, result));
        })
        .RequireScope(ApiScope.Read)
        .WithTags("Query")
        .WithSummary("Samples with the default detector's expected value, band and score, reduced to at most a few thousand points")
        .WithDescription(
            "match[]: series selectors (at most 10 series); start/end: RFC 3339 or Unix seconds (default: the last hour); points: most points per series " +
            "(default 2000, at most 5000). The detector is fed the history before the window first (as long as the window, 1 h to 2 d). " +
            "Counters are shown as their per-second rate. Anomalies come at full resolution.")
        .Produces<ApiEnvelope<BandResponse>>();
    }

    private static double? Seconds(long ms) => ApiTime.ToUnixSeconds(ms);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
