namespace Vigil.Core.Series;

/// <summary>Why a label set was refused.</summary>
public enum LabelErrorKind
{
    /// <summary>The set has no <c>__name__</c> label.</summary>
    MissingMetricName,
    /// <summary>The metric name does not match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    InvalidMetricName,
    /// <summary>A label name does not match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    InvalidLabelName,
    /// <summary>The same label name appears twice.</summary>
    DuplicateLabelName,
    /// <summary>Label names are not in ascending byte order, which the sender promised.</summary>
    UnsortedLabelNames,
    /// <summary>A label value is not valid UTF-8 or holds a NUL character.</summary>
    InvalidLabelValue,
    /// <summary>More labels than the configured limit.</summary>
    TooManyLabels,
    /// <summary>A label name or value longer than the configured limit.</summary>
    LabelTooLong,
}

/// <summary>A refused label set: what was wrong and with which label.</summary>
/// <param name="Kind">What was wrong.</param>
/// <param name="LabelName">The label concerned, when there is one.</param>
/// <param name="Detail">Extra detail, e.g. the offending value or the limit.</param>
public readonly record struct LabelError(LabelErrorKind Kind, string? LabelName = null, string? Detail = null)
{
    /// <summary>A sentence for an HTTP 400 body.</summary>
    public string Message => Kind switch
    {
        LabelErrorKind.MissingMetricName => "series has no metric name (__name__ label)",
        LabelErrorKind.InvalidMetricName => $"invalid metric name \"{Detail}\": must match [a-zA-Z_:][a-zA-Z0-9_:]*",
        LabelErrorKind.InvalidLabelName => $"invalid label name \"{LabelName}\": must match [a-zA-Z_][a-zA-Z0-9_]*",
        LabelErrorKind.DuplicateLabelName => $"duplicate label name \"{LabelName}\"",
        LabelErrorKind.UnsortedLabelNames => $"label names not sorted: \"{LabelName}\" comes after \"{Detail}\"",
        LabelErrorKind.InvalidLabelValue => $"invalid value for label \"{LabelName}\": {Detail}",
        LabelErrorKind.TooManyLabels => $"too many labels: {Detail}",
        LabelErrorKind.LabelTooLong => $"label \"{LabelName}\" too long: {Detail}",
        _ => Kind.ToString(),
    };

    /// <inheritdoc/>
    public override string ToString() => Message;
}
