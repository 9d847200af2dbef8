using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Query;
using Vigil.Server.Auth;

namespace Vigil.Server.Api;

/// <summary>A series and its samples, as <c>[unix seconds, "value"]</c> pairs (strings, so NaN and ±Inf survive JSON).</summary>
/// <param name="Id">The store id.</param>
/// <param name="Labels">All labels, <c>__name__</c> included.</param>
/// <param name="Samples">The samples.</param>
public sealed record SeriesSamplesDto(long Id, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<object[]> Samples);

/// <summary>Series, labels and samples.</summary>
internal static class SeriesApi
{
    private const int MaxPointsPerSeries = 11_000;

    public static void MapSeriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireScope(ApiScope.Read).WithTags("Query");

        api.MapGet("/series", ([FromQuery(Name = "match[]")] string[] match, ISeriesIndex index) =>
        {
            if (!TryFind(index, match, out var series, out var error))
            {
                return ApiResponses.BadData(error);
            }
            return ApiResponses.Ok(series.Select(s => ToDictionary(s.Key.Labels)).ToList());
        })
        .WithSummary("Series matching one or more selectors")
        .WithDescription("match[]: PromQL series selectors, e.g. {__name__=\"http_requests_total\",job=~\"api.*\",code!=\"200\"}; series matching any are returned.");

        api.MapGet("/labels", (ISeriesIndex index) => ApiResponses.Ok(index.LabelNames()))
            .WithSummary("All label names");

        api.MapGet("/label/{name}/values", (string name, ISeriesIndex index) => ApiResponses.Ok(index.LabelValues(name)))
            .WithSummary("All values of a label");

        api.MapGet("/samples", async (
            [FromQuery(Name = "match[]")] string[] match,
            string? start, string? end, string? step, string? agg,
            ISeriesIndex index, SeriesReader reader, TimeProvider time, CancellationToken ct) =>
        {
            if (!TryFind(index, match, out var series, out var error))
            {
                return ApiResponses.BadData(error);
            }
            var now = time.GetUtcNow();
            var to = now;
            if (end is not null && !ApiTime.TryParse(end, out to))
            {
                return ApiResponses.BadData($"end: \"{end}\" is neither RFC 3339 nor Unix seconds");
            }
            var from = to - TimeSpan.FromHours(1);
            if (start is not null && !ApiTime.TryParse(start, out from))
            {
                return ApiResponses.BadData($"start: \"{start}\" is neither RFC 3339 nor Unix seconds");
            }
            if (from > to)
            {
                return ApiResponses.BadData("start: must not be after end");
            }
            TimeSpan? stepSpan = null;
            if (step is not null)
            {
                if (!ApiTime.TryParseDuration(step, out var s))
                {
                    return ApiResponses.BadData($"step: \"{step}\" is not a positive duration such as 15s, 1m or 60");
                }
                if ((to - from) / s > MaxPointsPerSeries)
                {
                    return ApiResponses.BadData($"step: {step} gives more than {MaxPointsPerSeries} points over the range; use a larger step");
                }
                stepSpan = s;
            }
            var aggregation = Aggregation.Avg;
            if (agg is not null && !Enum.TryParse(agg, ignoreCase: true, out aggregation))
            {
                return ApiResponses.BadData($"agg: \"{agg}\" is not one of avg, min, max, last");
            }
            var fromMs = from.ToUnixTimeMilliseconds();
            var toMs = to.ToUnixTimeMilliseconds();
            var result = new List<SeriesSamplesDto>(series.Count);
            foreach (var entry in series)
            {
                IReadOnlyList<Sample> samples = await reader.ReadAsync(entry, fromMs, toMs, ct);
                if (stepSpan is { } st)
                {
                    samples = Downsampler.Apply(samples, fromMs, toMs, (long)st.TotalMilliseconds, aggregation);
                }
                result.Add(new SeriesSamplesDto(entry.Id.Value, ToDictionary(entry.Key.Labels), samples.Select(ToPair).ToList()));
            }
            return ApiResponses.Ok(result);
        })
        .WithSummary("Samples of the matching series over a range")
        .WithDescription("start/end: RFC 3339 or Unix seconds (default: the last hour); step: a duration (15s, 1m, …) to get one point per step, reduced by agg (avg, min, max, last).");
    }

    /// <summary>The series matching any of the selectors, in key order; false with a message naming <c>match[]</c>.</summary>
    internal static bool TryFind(ISeriesIndex index, string[] selectors, out IReadOnlyList<SeriesEntry> series, out string error)
    {
        series = [];
        if (selectors.Length == 0)
        {
            error = "match[]: at least one series selector is required, e.g. match[]=up{job=\"node\"}";
            return false;
        }
        var found = new Dictionary<long, SeriesEntry>();
        foreach (var selector in selectors)
        {
            if (!SeriesSelector.TryParse(selector, out var matchers, out var parseError))
            {
                error = $"match[]: {parseError}";
                return false;
            }
            foreach (var entry in index.Find(matchers))
            {
                found.TryAdd(entry.Id.Value, entry);
            }
        }
        series = [.. found.Values.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal)];
        error = "";
        return true;
    }

    private static Dictionary<string, string> ToDictionary(Labels labels)
    {
        var d = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var l in labels)
        {
            d[l.Name] = l.Value;
        }
        return d;
    }

    private static object[] ToPair(Sample s) => [ApiTime.ToUnixSeconds(s.TimestampMs), FormatValue(s)];

    /// <summary>Values as Prometheus prints them: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>; a staleness marker as <c>stale</c>.</summary>
    internal static string FormatValue(Sample s) => s.Value switch
    {
        _ when s.IsStale => "stale",
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        var v => v.ToString("R", CultureInfo.InvariantCulture),
    };
}
