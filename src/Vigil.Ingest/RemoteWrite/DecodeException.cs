using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Ingest;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>
/// Carries an <see cref="IngestError"/> from deep inside a decoder to its public <c>TryDecode</c>, which turns it
/// back into a value. Only malformed input takes this path, so the happy path pays nothing for it, and the nested
/// readers stay free of error plumbing. Shared by the remote write and Influx decoders.
/// </summary>
internal sealed class DecodeException : Exception
{
    public DecodeException(IngestError error)
        : base(error.Message) => Error = error;

    public DecodeException()
        : this(IngestError.Malformed("malformed request"))
    {
    }

    public DecodeException(string message)
        : this(IngestError.Malformed(message))
    {
    }

    public DecodeException(string message, Exception innerException)
        : base(message, innerException) => Error = IngestError.Malformed(message);

    public IngestError Error { get; }

    /// <summary>Throws a malformed-input error; kept out of line so hot callers stay small.</summary>
    [DoesNotReturn]
    public static void Malformed(string message) => throw new DecodeException(IngestError.Malformed(message));

    /// <summary>Throws a limit error that names the limit.</summary>
    [DoesNotReturn]
    public static void Limit(string limitName, long limit, string what) => throw new DecodeException(IngestError.Limit(limitName, limit, what));

    /// <summary>Throws an arbitrary ingest error.</summary>
    [DoesNotReturn]
    public static void Throw(IngestError error) => throw new DecodeException(error);
}
