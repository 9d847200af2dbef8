using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Engine.Query;
using Vigil.Forecasting;
using Vigil.Server.Auth;
using Vigil.Server.Capacity;

namespace Vigil.Server.Api;

/// <summary>
/// A forecast request: either a stored series (<see cref="Match"/> with <see cref="Start"/>, <see cref="End"/>,
/// <see cref="Step"/>) or posted <see cref="Points"/>, plus the horizon and the interval level.
/// </summary>
public sealed record ForecastRequest
{
    /// <summary>Series selector of stored series, e.g. <c>node_memory_used_bytes{instance="host-7"}</c>.</summary>
    public string? Match { get; init; }

    /// <summary>Start of the history read: RFC 3339 or Unix seconds (default: 7 days before end).</summary>
    public string? Start { get; init; }

    /// <summary>End of the history read (default: now).</summary>
    public string? End { get; init; }

    /// <summary>One point per step (a duration like <c>5m</c>); for posted points, the spacing (default: the median spacing).</summary>
    public string? Step { get; init; }

    /// <summary>Posted history as <c>[unixSeconds, value]</c> pairs, instead of <see cref="Match"/>.</summary>
    public IReadOnlyList<double[]>? Points { get; init; }

    /// <summary>How far ahead: a number of steps (<c>48</c>) or a duration (<c>"2d"</c>).</summary>
    public JsonElement? Horizon { get; init; }

    /// <summary>Nominal coverage of the prediction interval in percent, default 95.</summary>
    public double? Level { get; init; }

    /// <summary>Auto (default), SeasonalNaive, Naive2, Ets, Theta or MultiSeasonal.</summary>
    public string? Method { get; init; }

    /// <summary>A known shortest seasonal period in steps; detected when absent.</summary>
    public int? Season { get; init; }
}

/// <summary>One forecast step: its time (Unix seconds), the mean and the interval.</summary>
/// <param name="Time">Unix seconds.</param>
/// <param name="Mean">Point forecast.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
public sealed record ForecastPointDto(double Time, double Mean, double? Lower, double? Upper);

/// <summary>The forecast of one series.</summary>
/// <param name="Labels">The stored series' labels; null for posted points.</param>
/// <param name="Method">The method that produced the point forecast.</param>
/// <param name="Periods">Seasonal periods detected, in steps.</param>
/// <param name="PeriodsSeconds">The same periods in seconds.</param>
/// <param name="StepSeconds">The spacing of the history and of the forecast.</param>
/// <param name="HistoryPoints">How many steps of history were used.</param>
/// <param name="Forecast">One entry per future step.</param>
public sealed record ForecastSeriesDto(
    IReadOnlyDictionary<string, string>? Labels, string Method, IReadOnlyList<int> Periods, IReadOnlyList<double> PeriodsSeconds,
    double StepSeconds, int HistoryPoints, IReadOnlyList<ForecastPointDto> Forecast);

/// <summary>The answer of <c>POST /api/v1/forecast</c>.</summary>
/// <param name="Level">Nominal coverage of the intervals in percent.</param>
/// <param name="Horizon">Steps forecast.</param>
/// <param name="Series">One forecast per series.</param>
public sealed record ForecastResponse(double Level, int Horizon, IReadOnlyList<ForecastSeriesDto> Series);

/// <summary>A capacity target with its latest findings.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Match">Usage series selector.</param>
/// <param name="Limit">Static limit, if any.</param>
/// <param name="LimitMatch">Limit series selector, if any.</param>
/// <param name="Horizon">How far ahead is looked.</param>
/// <param name="Step">Resolution.</param>
/// <param name="Lookback">History projected from.</param>
/// <param name="Source"><c>api</c> or <c>config</c>.</param>
/// <param name="Findings">Latest findings, one per usage series (empty before the first evaluation).</param>
public sealed record CapacityTargetDto(
    string Name, string Match, double? Limit, string? LimitMatch, string Horizon, string Step, string Lookback, string Source,
    IReadOnlyList<CapacityFindingDto> Findings);

/// <summary>The time-to-limit of one usage series at the latest evaluation.</summary>
/// <param name="Series">The usage series.</param>
/// <param name="EvaluatedAt">When.</param>
/// <param name="Outcome">AlreadyExceeded, Expected, Possible, NotExpected or Failed.</param>
/// <param name="MedianDays">Median time to the limit in days (null beyond the horizon).</param>
/// <param name="LowerDays">Lower end of the interval in days.</param>
/// <param name="UpperDays">Upper end of the interval in days (null beyond the horizon).</param>
/// <param name="Level">Coverage of the interval in percent (80).</param>
/// <param name="Probability">Probability of crossing within the horizon.</param>
/// <param name="HorizonDays">The horizon in days.</param>
/// <param name="LastValue">Latest usage.</param>
/// <param name="LimitValue">Latest limit.</param>
/// <param name="Summary">One line for a human.</param>
public sealed record CapacityFindingDto(
    string Series, DateTimeOffset EvaluatedAt, string Outcome, double? MedianDays, double? LowerDays, double? UpperDays, double Level,
    double Probability, double HorizonDays, double LastValue, double LimitValue, string Summary)
{
    internal static CapacityFindingDto From(CapacityFinding f) => new(
        f.Series, f.EvaluatedAt, f.Outcome.ToString(), f.MedianDays, f.LowerDays, f.UpperDays, f.Level, f.Probability, f.HorizonDays,
        f.LastValue, f.LimitValue, f.Summary);
}

/// <summary><c>POST /api/v1/forecast</c> and the capacity targets at <c>/api/v1/capacity/targets</c>.</summary>
internal static class ForecastApi
{
    private const int MaxHorizon = 10_000;
    private const int MaxHistory = 50_000;
    private const int MaxSeries = 20;
    private const int DefaultStoredPoints = 2_000;

    public static void MapForecastApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").RequireScope(ApiScope.Read).WithTags("Forecast");
        read.MapPost("/forecast", ForecastAsync)
            .WithSummary("Forecast a stored series or posted points")
            .WithDescription(
                "Body: {\"match\": selector, \"start\", \"end\", \"step\"} for stored series (averaged per step), or {\"points\": [[unixSeconds, value], …]}; " +
                "plus \"horizon\" (steps, or a duration such as \"2d\"), \"level\" (default 95), optional \"method\" and \"season\". " +
                "Returns per series the mean, lower and upper bound per future timestamp, the method used and the detected periods.");

        var capacity = app.MapGroup("/api/v1/capacity/targets").WithTags("Capacity");
        capacity.MapGet("", async (ICapacityStore store, CancellationToken ct) =>
        {
            var targets = await store.ListTargetsAsync(ct);
            var result = new List<CapacityTargetDto>(targets.Count);
            foreach (var t in targets)
            {
                result.Add(ToDto(t, await store.FindingsAsync(t.Name, ct)));
            }
            return ApiResponses.Ok(result);
        })
        .RequireScope(ApiScope.Read)
        .WithSummary("Capacity targets with their latest findings");

        capacity.MapGet("/{name}", async (string name, ICapacityStore store, CancellationToken ct) =>
            await store.FindTargetAsync(name, ct) is { } t ? ApiResponses.Ok(ToDto(t, await store.FindingsAsync(name, ct))) : NotFound(name))
            .RequireScope(ApiScope.Read)
            .WithSummary("One capacity target with its latest findings");

        capacity.MapPut("/{name}", async (string name, CapacityTargetOptions body, ICapacityStore store, CancellationToken ct) =>
        {
            if (!body.TryToTarget(name, fromConfig: false, out var target, out var error))
            {
                return ApiResponses.BadData(error);
            }
            if (await store.FindTargetAsync(name, ct) is { FromConfig: true })
            {
                return Conflict(name);
            }
            await store.UpsertTargetAsync(target, ct);
            return ApiResponses.Ok(ToDto(target, []));
        })
        .RequireScope(ApiScope.Admin)
        .WithSummary("Create or replace a capacity target")
        .WithDescription(
            "Body: {\"match\": usage selector, \"limit\": number | \"limitMatch\": limit selector (paired by labels other than the name), " +
            "\"horizon\" (default 7d), \"step\" (default 1h), \"lookback\" (default 14d)}. Evaluated at the next pass, or at once with POST …/evaluate.");

        capacity.MapDelete("/{name}", async (string name, ICapacityStore store, CapacityEvaluationService evaluation, CancellationToken ct) =>
        {
            if (await store.FindTargetAsync(name, ct) is not { } target)
            {
                return NotFound(name);
            }
            if (target.FromConfig)
            {
                return Conflict(name);
            }
            await evaluation.DeleteAsync(name, ct);
            return Results.NoContent();
        })
        .RequireScope(ApiScope.Admin)
        .WithSummary("Delete a capacity target (its open ForecastBreach signals end)");

        capacity.MapPost("/{name}/evaluate", async (string name, ICapacityStore store, CapacityEvaluationService evaluation, CancellationToken ct) =>
        {
            if (await store.FindTargetAsync(name, ct) is not { } target)
            {
                return NotFound(name);
            }
            var findings = await evaluation.EvaluateAsync(target, ct);
            return ApiResponses.Ok(ToDto(target, findings));
        })
        .RequireScope(ApiScope.Admin)
        .WithSummary("Evaluate a capacity target now");
    }

    private static async Task<IResult> ForecastAsync(ForecastRequest request, ISeriesIndex index, SeriesReader reader, TimeProvider time, CancellationToken ct)
    {
        if ((request.Match is null) == (request.Points is null))
        {
            return ApiResponses.BadData("match: give either match (a series selector) or points, not both or neither");
        }
        var level = request.Level ?? 95;
        if (!(level is > 0 and < 100))
        {
            return ApiResponses.BadData($"level: {level} must lie strictly between 0 and 100");
        }
        var method = ForecastMethod.Auto;
        if (request.Method is not null && (!Enum.TryParse(request.Method, ignoreCase: true, out method) || !Enum.IsDefined(method)))
        {
            return ApiResponses.BadData($"method: \"{request.Method}\" is not one of {string.Join(", ", Enum.GetNames<ForecastMethod>())}");
        }
        if (request.Season is < 0 or > MaxHistory)
        {
            return ApiResponses.BadData($"season: {request.Season} must be a number of steps ≥ 0");
        }
        TimeSpan? step = null;
        if (request.Step is not null)
        {
            if (!ApiTime.TryParseDuration(request.Step, out var s) || s < TimeSpan.FromMilliseconds(1))
            {
                return ApiResponses.BadData($"step: \"{request.Step}\" is not a positive duration such as 15s, 1m or 60");
            }
            step = s;
        }
        var forecaster = new Forecaster(new ForecasterOptions { Method = method, Level = level, SeasonHint = request.Season ?? 0 });

        var histories = new List<(Dictionary<string, string>? Labels, double[] Values, long LastMs, long StepMs)>();
        if (request.Points is { } points)
        {
            if (!TryGrid(points, step, out var values, out var lastMs, out var stepMs, out var error))
            {
                return ApiResponses.BadData(error);
            }
            histories.Add((null, values, lastMs, stepMs));
        }
        else
        {
            if (!SeriesSelector.TryParse(request.Match!, out var matchers, out var matchError))
            {
                return ApiResponses.BadData($"match: {matchError}");
            }
            var now = time.GetUtcNow();
            var to = now;
            if (request.End is not null && !ApiTime.TryParse(request.End, out to))
            {
                return ApiResponses.BadData($"end: \"{request.End}\" is neither RFC 3339 nor Unix seconds");
            }
            var from = to - TimeSpan.FromDays(7);
            if (request.Start is not null && !ApiTime.TryParse(request.Start, out from))
            {
                return ApiResponses.BadData($"start: \"{request.Start}\" is neither RFC 3339 nor Unix seconds");
            }
            if (from >= to)
            {
                return ApiResponses.BadData("start: must be before end");
            }
            var st = step ?? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((to - from).TotalSeconds / DefaultStoredPoints)));
            if ((to - from) / st > MaxHistory)
            {
                return ApiResponses.BadData($"step: {request.Step} gives more than {MaxHistory} points over the range; use a larger step");
            }
            var series = index.Find(matchers);
            if (series.Count == 0)
            {
                return ApiResponses.BadData($"match: no stored series matches {request.Match}");
            }
            if (series.Count > MaxSeries)
            {
                return ApiResponses.BadData($"match: {series.Count} series match; at most {MaxSeries} are forecast per request");
            }
            var stepMs = (long)st.TotalMilliseconds;
            var fromMs = from.ToUnixTimeMilliseconds();
            var toMs = to.ToUnixTimeMilliseconds();
            foreach (var entry in series.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
            {
                var samples = Downsampler.Apply(await reader.ReadAsync(entry, fromMs - stepMs + 1, toMs, ct), fromMs, toMs, stepMs, Aggregation.Avg);
                if (samples.Count == 0)
                {
                    continue;
                }
                var first = samples[0].TimestampMs;
                var last = samples[^1].TimestampMs;
                var values = new double[(int)((last - first) / stepMs) + 1];
                Array.Fill(values, double.NaN);
                foreach (var s in samples)
                {
                    values[(int)((s.TimestampMs - first) / stepMs)] = s.Value;
                }
                histories.Add((ToDictionary(entry.Key.Labels), values, last, stepMs));
            }
            if (histories.Count == 0)
            {
                return ApiResponses.BadData($"start: the matching series have no samples between {from:O} and {to:O}");
            }
        }

        var horizonSteps = 0;
        foreach (var history in histories)
        {
            if (!TryHorizon(request.Horizon, history.StepMs, out horizonSteps, out var horizonError))
            {
                return ApiResponses.BadData(horizonError);
            }
        }

        var result = new List<ForecastSeriesDto>(histories.Count);
        foreach (var (labels, values, lastMs, stepMs) in histories)
        {
            Forecast forecast;
            try
            {
                forecast = forecaster.Run(values, horizonSteps);
            }
            catch (ArgumentException e)
            {
                return ApiResponses.BadData($"{(labels is null ? "points" : "match")}: {e.Message}");
            }
            var steps = new List<ForecastPointDto>(forecast.Horizon);
            for (var h = 0; h < forecast.Horizon; h++)
            {
                steps.Add(new ForecastPointDto(
                    ApiTime.ToUnixSeconds(lastMs + ((h + 1) * stepMs)),
                    forecast.Mean[h],
                    forecast.HasInterval ? forecast.Lower[h] : null,
                    forecast.HasInterval ? forecast.Upper[h] : null));
            }
            result.Add(new ForecastSeriesDto(
                labels, forecast.Method.ToString(), forecast.SeasonalPeriods, [.. forecast.SeasonalPeriods.Select(p => p * stepMs / 1000.0)],
                stepMs / 1000.0, values.Length, steps));
        }
        return ApiResponses.Ok(new ForecastResponse(level, horizonSteps, result));
    }

    /// <summary>Posted points on a regular grid (the given step, else the median spacing); NaN where a step has none.</summary>
    private static bool TryGrid(IReadOnlyList<double[]> points, TimeSpan? step, out double[] values, out long lastMs, out long stepMs, out string error)
    {
        values = [];
        lastMs = 0;
        stepMs = 0;
        if (points.Count < 3)
        {
            error = $"points: {points.Count} given; at least 3 [unixSeconds, value] pairs are needed";
            return false;
        }
        var times = new long[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not { Length: 2 } p || !double.IsFinite(p[0]))
            {
                error = $"points[{i}]: must be a [unixSeconds, value] pair with a finite time";
                return false;
            }
            times[i] = (long)Math.Round(p[0] * 1000);
            if (i > 0 && times[i] <= times[i - 1])
            {
                error = $"points[{i}]: times must increase (this one is not after points[{i - 1}])";
                return false;
            }
        }
        if (step is { } s)
        {
            stepMs = (long)s.TotalMilliseconds;
        }
        else
        {
            var gaps = new long[times.Length - 1];
            for (var i = 1; i < times.Length; i++)
            {
                gaps[i - 1] = times[i] - times[i - 1];
            }
            Array.Sort(gaps);
            stepMs = gaps[gaps.Length / 2];
        }
        var length = ((times[^1] - times[0]) / stepMs) + 1;
        if (length > MaxHistory)
        {
            error = $"points: they span {length} steps of {stepMs / 1000.0} s; at most {MaxHistory}";
            return false;
        }
        values = new double[length];
        Array.Fill(values, double.NaN);
        for (var i = 0; i < times.Length; i++)
        {
            var k = (int)Math.Min(length - 1, (long)Math.Round((times[i] - times[0]) / (double)stepMs));
            values[k] = points[i][1];
        }
        lastMs = times[0] + ((length - 1) * stepMs);
        error = "";
        return true;
    }

    private static bool TryHorizon(JsonElement? horizon, long stepMs, out int steps, out string error)
    {
        steps = 0;
        error = "";
        switch (horizon)
        {
            case null:
            case { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                error = "horizon: required, as a number of steps (48) or a duration (\"2d\")";
                return false;
            case { ValueKind: JsonValueKind.Number } n:
                if (!n.TryGetInt32(out steps) || steps is < 1 or > MaxHorizon)
                {
                    error = $"horizon: {n.GetRawText()} must be a whole number of steps from 1 to {MaxHorizon}";
                    return false;
                }
                return true;
            case { ValueKind: JsonValueKind.String } text:
                if (!ApiTime.TryParseDuration(text.GetString(), out var d))
                {
                    error = $"horizon: \"{text.GetString()}\" is neither a number of steps nor a duration such as 6h or 2d";
                    return false;
                }
                var count = Math.Ceiling(d.TotalMilliseconds / stepMs);
                if (count > MaxHorizon)
                {
                    error = $"horizon: {text.GetString()} is {count} steps of {stepMs / 1000.0} s; at most {MaxHorizon}";
                    return false;
                }
                steps = (int)Math.Max(1, count);
                return true;
            default:
                error = "horizon: must be a number of steps or a duration string";
                return false;
        }
    }

    private static CapacityTargetDto ToDto(CapacityTarget t, IReadOnlyList<CapacityFinding> findings)
    {
        var o = CapacityTargetOptions.From(t);
        return new CapacityTargetDto(t.Name, t.Match, t.Limit, t.LimitMatch, o.Horizon!, o.Step!, o.Lookback!, t.FromConfig ? "config" : "api",
            [.. findings.Select(CapacityFindingDto.From)]);
    }

    private static IResult NotFound(string name) =>
        ApiResponses.NotFound($"name: no capacity target \"{name}\"");

    private static IResult Conflict(string name) =>
        Results.Conflict(new ApiEnvelope<object>("error", null, "conflict", $"name: \"{name}\" is defined in the config file; change it there"));

    private static Dictionary<string, string> ToDictionary(Labels labels)
    {
        var d = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var l in labels)
        {
            d[l.Name] = l.Value;
        }
        return d;
    }
}
