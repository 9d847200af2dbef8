using System.Text.Json.Serialization;

namespace Vigil.Server.Api.AnomalyDetector;

// The wire contract of Azure AI Anomaly Detector v1.1 (univariate), named as its OpenAPI spec names it, so that an
// existing client only changes its endpoint. Enumerations travel as strings and are checked by DetectRequestParser,
// which turns an unknown value into the spec's error code instead of a generic binding failure.

/// <summary>One point of a posted series.</summary>
/// <param name="Timestamp">ISO 8601; optional when the granularity is <c>none</c>.</param>
/// <param name="Value">The measurement; required.</param>
public sealed record TimeSeriesPoint(DateTimeOffset? Timestamp, double? Value);

/// <summary>The request of entire or last anomaly detection.</summary>
public sealed record DetectRequest
{
    /// <summary>The points, ascending by timestamp, 12 to 8640 of them.</summary>
    public IReadOnlyList<TimeSeriesPoint>? Series { get; init; }

    /// <summary>yearly, monthly, weekly, daily, hourly, minutely, secondly, microsecond or none (the default).</summary>
    public string? Granularity { get; init; }

    /// <summary>Multiplies the granularity: <c>{"granularity":"minutely","customInterval":5}</c> is a 5-minute series.</summary>
    public int? CustomInterval { get; init; }

    /// <summary>The period in points; absent: detected; 0: none.</summary>
    public int? Period { get; init; }

    /// <summary>At most this fraction of the points is flagged, in (0, 0.5]; 0.25 when absent.</summary>
    public double? MaxAnomalyRatio { get; init; }

    /// <summary>0–99: the higher, the narrower the margins and the more anomalies; 95 when absent.</summary>
    public int? Sensitivity { get; init; }

    /// <summary>auto, previous, linear, fixed, zero or notFill: how missing grid points are filled (auto: linear).</summary>
    public string? ImputeMode { get; init; }

    /// <summary>The fill value when <see cref="ImputeMode"/> is <c>fixed</c>.</summary>
    public double? ImputeFixedValue { get; init; }
}

/// <summary>The request of change-point detection.</summary>
public sealed record ChangePointDetectRequest
{
    /// <summary>The points, ascending by timestamp, 12 to 8640 of them.</summary>
    public IReadOnlyList<TimeSeriesPoint>? Series { get; init; }

    /// <summary>Required: yearly, monthly, weekly, daily, hourly, minutely or secondly.</summary>
    public string? Granularity { get; init; }

    /// <summary>Multiplies the granularity.</summary>
    public int? CustomInterval { get; init; }

    /// <summary>The period in points; absent: detected; 0: none.</summary>
    public int? Period { get; init; }

    /// <summary>Points on each side of a candidate that must hold a stable level, 3 to half the series; 10 when absent.</summary>
    public int? StableTrendWindow { get; init; }

    /// <summary>In (0, 1]: the confidence a change point needs; 0.99 when absent.</summary>
    public double? Threshold { get; init; }
}

/// <summary>The response of entire anomaly detection: one element per input point in every array.</summary>
/// <param name="Period">The period used, in points; 0 when none.</param>
/// <param name="ExpectedValues">The model's value for each point.</param>
/// <param name="UpperMargins">Distance from the expected value to the upper edge of normal.</param>
/// <param name="LowerMargins">Distance from the expected value to the lower edge of normal.</param>
/// <param name="IsAnomaly">Anomalous in either direction.</param>
/// <param name="IsNegativeAnomaly">Anomalous and below the expected value.</param>
/// <param name="IsPositiveAnomaly">Anomalous and above the expected value.</param>
/// <param name="Severity">0 for normal points; for anomalies, the deviation relative to the expected value.</param>
public sealed record EntireDetectResponse(
    int Period, IReadOnlyList<double> ExpectedValues, IReadOnlyList<double> UpperMargins, IReadOnlyList<double> LowerMargins,
    IReadOnlyList<bool> IsAnomaly, IReadOnlyList<bool> IsNegativeAnomaly, IReadOnlyList<bool> IsPositiveAnomaly, IReadOnlyList<double> Severity);

/// <summary>The response of last-point anomaly detection.</summary>
/// <param name="Period">The period used, in points; 0 when none.</param>
/// <param name="SuggestedWindow">How many points a request should send: four periods and one, at least 12.</param>
/// <param name="ExpectedValue">The model's value for the last point.</param>
/// <param name="UpperMargin">Distance from the expected value to the upper edge of normal.</param>
/// <param name="LowerMargin">Distance from the expected value to the lower edge of normal.</param>
/// <param name="IsAnomaly">Anomalous in either direction.</param>
/// <param name="IsNegativeAnomaly">Anomalous and below the expected value.</param>
/// <param name="IsPositiveAnomaly">Anomalous and above the expected value.</param>
/// <param name="Severity">0 when normal; else the deviation relative to the expected value.</param>
public sealed record LastDetectResponse(
    int Period, int SuggestedWindow, double ExpectedValue, double UpperMargin, double LowerMargin,
    bool IsAnomaly, bool IsNegativeAnomaly, bool IsPositiveAnomaly, double Severity);

/// <summary>The response of change-point detection: one element per input point in both arrays.</summary>
/// <param name="Period">The period removed before looking for level changes, in points; 0 when none.</param>
/// <param name="IsChangePoint">True at the first point of a new level.</param>
/// <param name="ConfidenceScores">0–1: how clearly the level changes at each point.</param>
public sealed record ChangePointDetectResponse(int Period, IReadOnlyList<bool> IsChangePoint, IReadOnlyList<double> ConfidenceScores);

/// <summary>The error codes of the spec, sent in the body and in the <c>x-ms-error-code</c> header.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnomalyDetectorErrorCode>))]
public enum AnomalyDetectorErrorCode
{
    /// <summary><c>customInterval</c> is not a positive integer.</summary>
    InvalidCustomInterval,

    /// <summary>Any other bad argument.</summary>
    BadArgument,

    /// <summary><c>granularity</c> is not one of the allowed values.</summary>
    InvalidGranularity,

    /// <summary><c>period</c> is negative or longer than half the series.</summary>
    InvalidPeriod,

    /// <summary><c>sensitivity</c>, <c>maxAnomalyRatio</c>, <c>stableTrendWindow</c> or <c>threshold</c> is out of range.</summary>
    InvalidModelArgument,

    /// <summary>The points: too few, too many, unordered, duplicated, missing values or timestamps, off the granularity's grid.</summary>
    InvalidSeries,

    /// <summary>The body is not a JSON object.</summary>
    InvalidJsonFormat,

    /// <summary>Change-point detection needs <c>granularity</c>.</summary>
    RequiredGranularity,

    /// <summary><c>series</c> is absent.</summary>
    RequiredSeries,

    /// <summary><c>imputeMode</c> is not one of the allowed values.</summary>
    InvalidImputeMode,

    /// <summary><c>imputeMode</c> is <c>fixed</c> without a finite <c>imputeFixedValue</c>.</summary>
    InvalidImputeFixedValue,
}

/// <summary>Error information returned by the API.</summary>
/// <param name="Code">The error code.</param>
/// <param name="Message">What was wrong, naming the field (and the point, for series errors).</param>
public sealed record AnomalyDetectorError(AnomalyDetectorErrorCode Code, string Message);
