using System.Text.Json;

namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>What entire and last detection run on, after validation.</summary>
internal sealed record DetectArguments(SeriesGrid Grid, int? Period, double MaxAnomalyRatio, int Sensitivity);

/// <summary>What change-point detection runs on, after validation.</summary>
internal sealed record ChangePointArguments(SeriesGrid Grid, int? Period, int StableTrendWindow, double Threshold);

/// <summary>
/// Reads and validates requests with the spec's rules, reporting the first violation as the spec's error code with a
/// message that names the field (and the point). Each check is a value, not an exception: a bad request is expected.
/// </summary>
internal static class DetectRequestParser
{
    public const int MinPoints = 12;
    public const int MaxPoints = 8640;
    public const int DefaultSensitivity = 95;
    public const double DefaultMaxAnomalyRatio = 0.25;
    public const int DefaultStableTrendWindow = 10;
    public const double DefaultThreshold = 0.99;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Deserializes the body; a type or syntax error becomes the code of the field it happened in.</summary>
    public static async Task<(T? Request, AnomalyDetectorError? Error)> ReadAsync<T>(Stream body, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync<T>(body, Json, cancellationToken);
            return request is null
                ? (null, new AnomalyDetectorError(AnomalyDetectorErrorCode.InvalidJsonFormat, "the body must be a JSON object"))
                : (request, null);
        }
        catch (JsonException e)
        {
            return (null, new AnomalyDetectorError(CodeOfPath(e.Path), $"{FieldOf(e.Path)}: {FirstSentence(e.Message)}"));
        }
    }

    public static bool TryValidate(DetectRequest request, out DetectArguments arguments, out AnomalyDetectorError? error)
    {
        arguments = null!;
        if (request.Series is null)
        {
            error = new(AnomalyDetectorErrorCode.RequiredSeries, "series is required");
            return false;
        }
        var granularity = TimeGranularity.None;
        if (request.Granularity is not null && !SeriesGrid.TryParseGranularity(request.Granularity, out granularity))
        {
            error = new(AnomalyDetectorErrorCode.InvalidGranularity,
                $"granularity: \"{request.Granularity}\" is not one of yearly, monthly, weekly, daily, hourly, minutely, secondly, microsecond, none");
            return false;
        }
        if (!TryCommon(request.CustomInterval, request.Period, request.Series.Count, out error))
        {
            return false;
        }
        if (request.Sensitivity is { } s && s is < 0 or > 99)
        {
            error = new(AnomalyDetectorErrorCode.InvalidModelArgument, $"sensitivity: {s} is not an integer from 0 to 99");
            return false;
        }
        if (request.MaxAnomalyRatio is { } r && !(r > 0 && r <= 0.5))
        {
            error = new(AnomalyDetectorErrorCode.InvalidModelArgument, $"maxAnomalyRatio: {r} is not in (0, 0.5]");
            return false;
        }
        var mode = ImputeMode.Auto;
        if (request.ImputeMode is not null && !SeriesGrid.TryParseImputeMode(request.ImputeMode, out mode))
        {
            error = new(AnomalyDetectorErrorCode.InvalidImputeMode,
                $"imputeMode: \"{request.ImputeMode}\" is not one of auto, previous, linear, fixed, zero, notFill");
            return false;
        }
        if ((mode == ImputeMode.Fixed && request.ImputeFixedValue is null) || (request.ImputeFixedValue is { } fill && !double.IsFinite(fill)))
        {
            error = new(AnomalyDetectorErrorCode.InvalidImputeFixedValue, "imputeFixedValue: a finite number is required when imputeMode is fixed");
            return false;
        }
        if (!TryGrid(request.Series, granularity, request.CustomInterval ?? 1, mode, request.ImputeFixedValue ?? 0, out var grid, out error))
        {
            return false;
        }
        arguments = new DetectArguments(grid, request.Period, request.MaxAnomalyRatio ?? DefaultMaxAnomalyRatio, request.Sensitivity ?? DefaultSensitivity);
        return true;
    }

    public static bool TryValidate(ChangePointDetectRequest request, out ChangePointArguments arguments, out AnomalyDetectorError? error)
    {
        arguments = null!;
        if (request.Series is null)
        {
            error = new(AnomalyDetectorErrorCode.RequiredSeries, "series is required");
            return false;
        }
        if (request.Granularity is null)
        {
            error = new(AnomalyDetectorErrorCode.RequiredGranularity, "granularity is required for change-point detection");
            return false;
        }
        if (!SeriesGrid.TryParseGranularity(request.Granularity, out var granularity)
            || granularity is TimeGranularity.None or TimeGranularity.Microsecond)
        {
            error = new(AnomalyDetectorErrorCode.InvalidGranularity,
                $"granularity: \"{request.Granularity}\" is not one of yearly, monthly, weekly, daily, hourly, minutely, secondly");
            return false;
        }
        if (!TryCommon(request.CustomInterval, request.Period, request.Series.Count, out error))
        {
            return false;
        }
        var half = request.Series.Count / 2;
        if (request.StableTrendWindow is { } window && (window < 3 || window > half))
        {
            error = new(AnomalyDetectorErrorCode.InvalidModelArgument, $"stableTrendWindow: {window} is not from 3 to half the series ({half})");
            return false;
        }
        if (request.Threshold is { } t && !(t > 0 && t <= 1))
        {
            error = new(AnomalyDetectorErrorCode.InvalidModelArgument, $"threshold: {t} is not in (0, 1]");
            return false;
        }
        if (!TryGrid(request.Series, granularity, request.CustomInterval ?? 1, ImputeMode.Linear, 0, out var grid, out error))
        {
            return false;
        }
        arguments = new ChangePointArguments(
            grid, request.Period, request.StableTrendWindow ?? Math.Clamp(DefaultStableTrendWindow, 3, Math.Max(3, half)), request.Threshold ?? DefaultThreshold);
        return true;
    }

    private static bool TryCommon(int? customInterval, int? period, int count, out AnomalyDetectorError? error)
    {
        if (customInterval is { } c && c <= 0)
        {
            error = new(AnomalyDetectorErrorCode.InvalidCustomInterval, $"customInterval: {c} is not a positive integer");
            return false;
        }
        if (period is { } p && (p < 0 || p > count / 2))
        {
            error = new(AnomalyDetectorErrorCode.InvalidPeriod, $"period: {p} is not from 0 to half the series ({count / 2}); two whole periods are needed");
            return false;
        }
        error = null;
        return true;
    }

    private static bool TryGrid(
        IReadOnlyList<TimeSeriesPoint?> series, TimeGranularity granularity, int interval, ImputeMode mode, double fixedValue,
        out SeriesGrid grid, out AnomalyDetectorError? error)
    {
        grid = null!;
        if (series.Count < MinPoints || series.Count > MaxPoints)
        {
            error = new(AnomalyDetectorErrorCode.InvalidSeries, $"series: {series.Count} points; from {MinPoints} to {MaxPoints} are needed");
            return false;
        }
        var points = new (DateTimeOffset Time, double Value)[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var point = series[i];
            if (point?.Value is not { } value || !double.IsFinite(value))
            {
                error = new(AnomalyDetectorErrorCode.InvalidSeries, $"series[{i}].value: a finite number is required");
                return false;
            }
            if (point.Timestamp is { } time)
            {
                points[i] = (time, value);
            }
            else if (granularity != TimeGranularity.None)
            {
                error = new(AnomalyDetectorErrorCode.InvalidSeries, $"series[{i}].timestamp: required when granularity is not none");
                return false;
            }
            else
            {
                points[i] = (DateTimeOffset.MinValue, value);
            }
            if (i > 0 && point.Timestamp is not null && series[i - 1]?.Timestamp is { } previous && point.Timestamp <= previous)
            {
                error = new(AnomalyDetectorErrorCode.InvalidSeries,
                    $"series[{i}].timestamp: {point.Timestamp:O} is {(point.Timestamp == previous ? "a duplicate of" : "before")} the previous point's; points must be in ascending order");
                return false;
            }
        }
        if (!SeriesGrid.TryBuild(points, granularity, interval, mode, fixedValue, MaxPoints, out grid, out var message))
        {
            error = new(AnomalyDetectorErrorCode.InvalidSeries, message);
            return false;
        }
        error = null;
        return true;
    }

    private static AnomalyDetectorErrorCode CodeOfPath(string? path)
    {
        // "$.series[3].timestamp" → "series": the field whose value could not be read decides the code.
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return AnomalyDetectorErrorCode.InvalidJsonFormat;
        }
        var field = path.AsSpan(2);
        var end = field.IndexOfAny('.', '[');
        if (end >= 0)
        {
            field = field[..end];
        }
        return field switch
        {
            _ when field.Equals("series", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidSeries,
            _ when field.Equals("granularity", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidGranularity,
            _ when field.Equals("customInterval", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidCustomInterval,
            _ when field.Equals("period", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidPeriod,
            _ when field.Equals("imputeMode", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidImputeMode,
            _ when field.Equals("imputeFixedValue", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidImputeFixedValue,
            _ when field.Equals("sensitivity", StringComparison.OrdinalIgnoreCase)
                || field.Equals("maxAnomalyRatio", StringComparison.OrdinalIgnoreCase)
                || field.Equals("stableTrendWindow", StringComparison.OrdinalIgnoreCase)
                || field.Equals("threshold", StringComparison.OrdinalIgnoreCase) => AnomalyDetectorErrorCode.InvalidModelArgument,
            _ => AnomalyDetectorErrorCode.InvalidJsonFormat,
        };
    }

    /// <summary>"$.series[3].value" → "series[3].value"; the root → "body".</summary>
    public static string FieldOf(string? path) =>
        path is not null && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
