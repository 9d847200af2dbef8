using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Otlp.Proto.Collector;

namespace Vigil.Ingest.Otlp;

/// <summary>One OTLP log record, flattened.</summary>
/// <param name="Service">The resource's <c>service.name</c>, else the scope name, else <c>unknown</c>.</param>
/// <param name="Body">The body as text (strings as they are, other values as the Collector renders them).</param>
/// <param name="SeverityText">The severity text, or the severity number's name, or empty.</param>
/// <param name="TimeUnixNano">The record's time, else its observed time, else 0.</param>
public readonly record struct OtlpLogRecord(string Service, string Body, string SeverityText, ulong TimeUnixNano);

/// <summary>What <see cref="OtlpLogsDecoder.TryDecode"/> produced.</summary>
/// <param name="Records">The usable records.</param>
/// <param name="Rejected">Records refused (empty body).</param>
public sealed record OtlpLogsResult(IReadOnlyList<OtlpLogRecord> Records, int Rejected);

/// <summary>
/// Decodes OTLP/HTTP logs export requests (<c>POST /v1/logs</c>), protobuf or JSON, optionally gzip. A body that does not
/// parse is refused whole with a message naming where; records without a body are counted as rejected.
/// </summary>
public static class OtlpLogsDecoder
{
    private const string UnknownService = "unknown";

    private static readonly MessageParser<ExportLogsServiceRequest> ProtobufParser = ExportLogsServiceRequest.Parser.WithDiscardUnknownFields(true);
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>Decodes one request body.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> body, OtlpContent content, int maxBodyBytes, [NotNullWhen(true)] out OtlpLogsResult? result, [NotNullWhen(false)] out IngestError? error)
    {
        result = null;
        byte[]? rented = null;
        try
        {
            if (content.Compression == OtlpCompression.Gzip)
            {
                if (!GzipBody.TryDecompress(body, maxBodyBytes, out rented, out var length, out error))
                {
                    return false;
                }
                body = rented.AsSpan(0, length);
            }
            if (!TryParse(body, content.Encoding, out var request, out error))
            {
                return false;
            }
            result = Flatten(request);
            return true;
        }
        finally
        {
            if (rented is { Length: > 0 })
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The success body: empty when all was accepted, <c>partial_success</c> otherwise.</summary>
    public static byte[] EncodeResponse(int rejected, string? message, OtlpEncoding encoding)
    {
        var response = new ExportLogsServiceResponse();
        if (rejected > 0)
        {
            response.PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = message ?? "" };
        }
        return encoding == OtlpEncoding.Json ? Encoding.UTF8.GetBytes(Formatter.Format(response)) : response.ToByteArray();
    }

    private static OtlpLogsResult Flatten(ExportLogsServiceRequest request)
    {
        var records = new List<OtlpLogRecord>();
        var rejected = 0;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            string? service = null;
            foreach (var attribute in resourceLogs.Resource?.Attributes ?? [])
            {
                if (attribute.Key == "service.name")
                {
                    service = OtlpAttributes.ToLabelValue(attribute.Value);
                }
            }
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var source = !string.IsNullOrWhiteSpace(service) ? service
                    : !string.IsNullOrWhiteSpace(scopeLogs.Scope?.Name) ? scopeLogs.Scope.Name
                    : UnknownService;
                foreach (var record in scopeLogs.LogRecords)
                {
                    var text = OtlpAttributes.ToLabelValue(record.Body);
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        rejected++;
                        continue;
                    }
                    var severity = record.SeverityText.Length > 0 ? record.SeverityText
                        : record.SeverityNumber == 0 ? "" : SeverityName((int)record.SeverityNumber);
                    records.Add(new OtlpLogRecord(source, text, severity, record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano));
                }
            }
        }
        return new OtlpLogsResult(records, rejected);
    }

    private static string SeverityName(int number) => number switch
    {
        <= 4 => "TRACE",
        <= 8 => "DEBUG",
        <= 12 => "INFO",
        <= 16 => "WARN",
        <= 20 => "ERROR",
        _ => "FATAL",
    };

    private static bool TryParse(ReadOnlySpan<byte> body, OtlpEncoding encoding, [NotNullWhen(true)] out ExportLogsServiceRequest? request, [NotNullWhen(false)] out IngestError? error)
    {
        request = null;
        if (encoding == OtlpEncoding.Protobuf)
        {
            try
            {
                request = ProtobufParser.ParseFrom(body);
                error = null;
                return true;
            }
            catch (InvalidProtocolBufferException e)
            {
                error = IngestError.Malformed($"malformed protobuf ExportLogsServiceRequest ({body.Length} bytes): {e.Message}");
                return false;
            }
        }
        return OtlpJson.TryParse(body, out request, out error);
    }
}
