using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Otlp.Proto.Collector;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Bodies of OTLP/HTTP responses, in the encoding of the request: an <c>ExportMetricsServiceResponse</c> on success
/// (with <c>partial_success</c> when points were refused) and a <c>google.rpc.Status</c> on failure, which is what
/// OTLP exporters read and log.
/// </summary>
public static class OtlpMetricsResponse
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>The success body for <paramref name="result"/>: empty message when all was accepted.</summary>
    public static byte[] Encode(OtlpMetricsResult result, OtlpEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new ExportMetricsServiceResponse();
        if (result.IsPartial)
        {
            response.PartialSuccess = new ExportMetricsPartialSuccess
            {
                RejectedDataPoints = result.RejectedDataPoints,
                ErrorMessage = result.RejectionMessage ?? "",
            };
        }
        return encoding == OtlpEncoding.Json ? Encoding.UTF8.GetBytes(Formatter.Format(response)) : response.ToByteArray();
    }

    /// <summary>The failure body for <paramref name="error"/>: a <c>google.rpc.Status</c> with a gRPC code and the message.</summary>
    public static byte[] EncodeError(IngestError error, OtlpEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.Kind switch
        {
            IngestErrorKind.LimitExceeded or IngestErrorKind.TooLarge => 8, // RESOURCE_EXHAUSTED
            _ => 3, // INVALID_ARGUMENT
        };
        if (encoding == OtlpEncoding.Json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", code);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }
            return stream.ToArray();
        }

        // google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3; } written by hand:
        // two fields do not justify another .proto file.
        var size = CodedOutputStream.ComputeTagSize(1) + CodedOutputStream.ComputeInt32Size(code)
            + CodedOutputStream.ComputeTagSize(2) + CodedOutputStream.ComputeStringSize(error.Message);
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32(code);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(error.Message);
        output.CheckNoSpaceLeft();
        return bytes;
    }
}
