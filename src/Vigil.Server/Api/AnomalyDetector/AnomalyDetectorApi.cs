using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Detection;
using Vigil.Server.Auth;

namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>
/// On-demand detection: a drop-in for Azure AI Anomaly Detector v1.1 univariate (entire, last, change point; its
/// request and response fields, its error codes in <c>x-ms-error-code</c> and <c>{code, message}</c>; the key may come
/// as <c>Ocp-Apim-Subscription-Key</c>), and Vigil's own <c>/api/v1/detect</c> running a streaming detector of the catalog.
/// </summary>
internal static class AnomalyDetectorApi
{
    private const string ErrorCodeHeader = "x-ms-error-code";
    private const int MaxVigilPoints = 100_000;

    private static readonly JsonSerializerOptions VigilJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void MapAnomalyDetectorApi(this IEndpointRouteBuilder app)
    {
        var azure = app.MapGroup("/anomalydetector/v1.1/timeseries").RequireScope(ApiScope.Read).WithTags("Anomaly Detector v1.1");

        azure.MapPost("/entire/detect", async (HttpContext context) =>
        {
            var (request, error) = await DetectRequestParser.ReadAsync<DetectRequest>(context.Request.Body, context.RequestAborted);
            if (request is null || !DetectRequestParser.TryValidate(request, out var arguments, out error))
            {
                return Error(context, error!);
            }
            var r = BatchAnomalyModel.Detect(arguments);
            return Results.Json(new EntireDetectResponse(r.Period, r.Expected, r.Margin, r.Margin, r.IsAnomaly, r.IsNegative, r.IsPositive, r.Severity));
        })
        .Accepts<DetectRequest>("application/json")
        .Produces<EntireDetectResponse>()
        .Produces<AnomalyDetectorError>(StatusCodes.Status400BadRequest)
        .WithName("DetectUnivariateEntireSeries")
        .WithSummary("Detect anomalies for the entire series in batch")
        .WithDescription("Every point is judged by one model of the whole series (points before and after it). Errors: 400 with x-ms-error-code and {code, message}.");

        azure.MapPost("/last/detect", async (HttpContext context) =>
        {
            var (request, error) = await DetectRequestParser.ReadAsync<DetectRequest>(context.Request.Body, context.RequestAborted);
            if (request is null || !DetectRequestParser.TryValidate(request, out var arguments, out error))
            {
                return Error(context, error!);
            }
            var r = BatchAnomalyModel.Detect(arguments);
            var last = r.Expected.Length - 1;
            var suggested = Math.Max(DetectRequestParser.MinPoints, (4 * r.Period) + 1);
            return Results.Json(new LastDetectResponse(
                r.Period, suggested, r.Expected[last], r.Margin[last], r.Margin[last], r.IsAnomaly[last], r.IsNegative[last], r.IsPositive[last], r.Severity[last]));
        })
        .Accepts<DetectRequest>("application/json")
        .Produces<LastDetectResponse>()
        .Produces<AnomalyDetectorError>(StatusCodes.Status400BadRequest)
        .WithName("DetectUnivariateLastPoint")
        .WithSummary("Detect the anomaly status of the latest point")
        .WithDescription("The same model as entire detection, reported for the last point, with a suggested window (four periods and one).");

        azure.MapPost("/changepoint/detect", async (HttpContext context) =>
        {
            var (request, error) = await DetectRequestParser.ReadAsync<ChangePointDetectRequest>(context.Request.Body, context.RequestAborted);
            if (request is null || !DetectRequestParser.TryValidate(request, out var arguments, out error))
            {
                return Error(context, error!);
            }
            var r = BatchChangePointModel.Detect(arguments);
            return Results.Json(new ChangePointDetectResponse(r.Period, r.IsChangePoint, r.Confidence));
        })
        .Accepts<ChangePointDetectRequest>("application/json")
        .Produces<ChangePointDetectResponse>()
        .Produces<AnomalyDetectorError>(StatusCodes.Status400BadRequest)
        .WithName("DetectUnivariateChangePoint")
        .WithSummary("Detect change points in the entire series")
        .WithDescription("A change point is the first point of a new, lasting level; confidence 0–1 per point, flagged from the threshold (default 0.99).");

        app.MapPost("/api/v1/detect", async (HttpContext context) =>
        {
            VigilDetectRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<VigilDetectRequest>(context.Request.Body, VigilJson, context.RequestAborted);
            }
            catch (JsonException e)
            {
                return ApiResponses.BadData($"{DetectRequestParser.FieldOf(e.Path)}: not valid JSON for this request ({e.Message})");
            }
            if (!TryRunVigil(request, out var response, out var message))
            {
                return ApiResponses.BadData(message);
            }
            return ApiResponses.Ok(response);
        })
        .RequireScope(ApiScope.Read)
        .Accepts<VigilDetectRequest>("application/json")
        .Produces<ApiEnvelope<VigilDetectResponse>>()
        .Produces<ApiEnvelope<object>>(StatusCodes.Status400BadRequest)
        .WithTags("Detection")
        .WithSummary("Score a posted series with a streaming detector")
        .WithDescription("points: [{timestamp, value}] in time order → per point score 0–1, expected value, band, anomaly flag, severity 0–100. " +
            "Each point is scored from the points before it only, as the engine scores live series.");
    }

    private static bool TryRunVigil(VigilDetectRequest? request, out VigilDetectResponse response, out string error)
    {
        response = null!;
        if (request?.Points is not { } points)
        {
            error = "points: required";
            return false;
        }
        if (points.Count == 0 || points.Count > MaxVigilPoints)
        {
            error = $"points: {points.Count} given; from 1 to {MaxVigilPoints} are accepted";
            return false;
        }
        var name = request.Detector ?? DetectorCatalog.Default;
        if (!DetectorCatalog.TryCreate(name, out var factory))
        {
            error = $"detector: \"{name}\" is not one of {string.Join(", ", DetectorCatalog.Names)}";
            return false;
        }
        if (request.Threshold is { } t && !(t > 0 && t <= 1))
        {
            error = $"threshold: {t} is not in (0, 1]";
            return false;
        }
        var threshold = request.Threshold ?? DetectorCatalog.DefaultThreshold;
        var detector = factory();
        var results = new VigilDetectedPoint[points.Count];
        DateTimeOffset? previous = null;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not { Timestamp: { } time, Value: { } value })
            {
                error = $"points[{i}]: timestamp and value are required";
                return false;
            }
            if (time < previous)
            {
                error = $"points[{i}].timestamp: {time:O} is before the previous point's; points must be in time order";
                return false;
            }
            if (double.IsInfinity(value))
            {
                error = $"points[{i}].value: must be finite (NaN marks a missing point)";
                return false;
            }
            previous = time;
            var r = detector.Update(time.UtcDateTime, value);
            var severity = r.Severity;
            results[i] = new VigilDetectedPoint(
                time, value, r.Score, r.Expected, r.Lower, r.Upper, r.Score >= threshold, severity, Severity.ToBand(severity).ToString().ToLowerInvariant());
        }
        response = new VigilDetectResponse(name, threshold, results);
        error = "";
        return true;
    }

    private static IResult Error(HttpContext context, AnomalyDetectorError error)
    {
        context.Response.Headers[ErrorCodeHeader] = error.Code.ToString();
        return Results.Json(error, statusCode: StatusCodes.Status400BadRequest);
    }
}
