namespace Vigil.Core.Ingest;

/// <summary>Why a receiver refused a request; the server maps it to an HTTP status.</summary>
public enum IngestErrorKind
{
    /// <summary>The body is not valid for its protocol (400).</summary>
    Malformed,
    /// <summary>A configured limit was exceeded (413 for size, 400 otherwise; the message names the limit).</summary>
    LimitExceeded,
    /// <summary>The body is larger than allowed (413).</summary>
    TooLarge,
    /// <summary>The content type or encoding is not one the endpoint speaks (415).</summary>
    UnsupportedMediaType,
}

/// <summary>A refused request: what was wrong and where (byte offset, line, series or field).</summary>
/// <param name="Kind">The class of problem.</param>
/// <param name="Message">A readable reason that names the problem and where it is.</param>
public sealed record IngestError(IngestErrorKind Kind, string Message)
{
    /// <summary>A malformed-body error.</summary>
    public static IngestError Malformed(string message) => new(IngestErrorKind.Malformed, message);

    /// <summary>A limit error that names the limit and its value.</summary>
    public static IngestError Limit(string limitName, long limit, string what) =>
        new(IngestErrorKind.LimitExceeded, $"{what} exceeds the limit {limitName}={limit}");

    /// <inheritdoc/>
    public override string ToString() => Message;
}
