using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Otlp.Proto.Collector;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Decodes OTLP/HTTP metrics export requests (<c>POST /v1/metrics</c>) into a <see cref="MetricBatch"/>, mapping
/// OTLP metrics to Prometheus series as Prometheus's own OTLP receiver does (see <see cref="OtlpMetricsMapper"/>
/// for the rules). Thread-safe; the server keeps one.
/// <para>
/// A body that is not valid protobuf / OTLP JSON, not valid gzip, or past a limit of <see cref="IngestLimits"/> is
/// refused whole with an <see cref="IngestError"/> that names the problem and where it is (byte offset, JSON line,
/// metric name and data point index). Data points that are well-formed but unusable (no name, no time, unsupported
/// kind, late delta) are refused one by one and reported in <see cref="OtlpMetricsResult.RejectedDataPoints"/>, which
/// the response carries as <c>partial_success</c>.
/// </para>
/// </summary>
public sealed class OtlpMetricsDecoder
{
    private static readonly MessageParser<ExportMetricsServiceRequest> ProtobufParser =
        ExportMetricsServiceRequest.Parser.WithDiscardUnknownFields(true);

    // OTLP JSON is protobuf's JSON mapping plus rules Google.Protobuf's parser already honours: lowerCamelCase or
    // original field names, 64-bit integers as strings or numbers, enums as integers. The one OTLP deviation,
    // hex trace/span ids, sits in exemplars, which Vigil's schema leaves out, so they are skipped as unknown fields.

    private readonly OtlpMetricsOptions _options;
    private readonly IngestLimits _limits;
    private readonly DeltaToCumulative? _deltas;

    /// <summary>A decoder.</summary>
    /// <param name="options">Mapping options (default <see cref="OtlpMetricsOptions.Default"/>); validated here.</param>
    /// <param name="limits">Request bounds (default <see cref="IngestLimits.Default"/>); validated here.</param>
    /// <param name="deltas">
    /// The server's delta-to-cumulative state. Without it, points of delta sums and histograms are refused
    /// (partial success) since their values cannot be stored as Prometheus series.
    /// </param>
    public OtlpMetricsDecoder(OtlpMetricsOptions? options = null, IngestLimits? limits = null, DeltaToCumulative? deltas = null)
    {
        _options = options ?? OtlpMetricsOptions.Default;
        _options.Validate();
        _limits = limits ?? IngestLimits.Default;
        _limits.Validate();
        _deltas = deltas;
    }

    /// <summary>Decodes one request body.</summary>
    /// <param name="body">The body as received (still compressed when <paramref name="content"/> says gzip).</param>
    /// <param name="content">Its encoding and compression, from <see cref="OtlpContent.TryParse"/>.</param>
    /// <param name="result">The batch and the per-point refusals, when the request is accepted.</param>
    /// <param name="error">Why the request is refused whole.</param>
    public bool TryDecode(ReadOnlySpan<byte> body, OtlpContent content, [NotNullWhen(true)] out OtlpMetricsResult? result, [NotNullWhen(false)] out IngestError? error)
    {
        result = null;
        if (body.Length > _limits.MaxBodyBytes)
        {
            error = new IngestError(IngestErrorKind.TooLarge, $"body of {body.Length} bytes exceeds the limit {nameof(IngestLimits.MaxBodyBytes)}={_limits.MaxBodyBytes}");
            return false;
        }

        byte[]? rented = null;
        try
        {
            if (content.Compression == OtlpCompression.Gzip)
            {
                if (!GzipBody.TryDecompress(body, _limits.MaxBodyBytes, out rented, out var length, out error))
                {
                    return false;
                }
                body = rented.AsSpan(0, length);
            }
            if (!TryParse(body, content.Encoding, out var request, out error))
            {
                return false;
            }
            var mapper = new OtlpMetricsMapper(_options, _limits, _deltas, OtlpMetricsMapper.CountSamples(request));
            return mapper.TryMap(request, out result, out error);
        }
        finally
        {
            if (rented is { Length: > 0 })
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Parses an uncompressed body into the protobuf object model (the first half of <see cref="TryDecode"/>).</summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, OtlpEncoding encoding, [NotNullWhen(true)] out ExportMetricsServiceRequest? request, [NotNullWhen(false)] out IngestError? error)
    {
        return encoding == OtlpEncoding.Json ? OtlpJson.TryParse(body, out request, out error) : TryParseProtobuf(body, out request, out error);
    }

    private static bool TryParseProtobuf(ReadOnlySpan<byte> body, [NotNullWhen(true)] out ExportMetricsServiceRequest? request, [NotNullWhen(false)] out IngestError? error)
    {
        try
        {
            request = ProtobufParser.ParseFrom(body);
            error = null;
            return true;
        }
        catch (InvalidProtocolBufferException e)
        {
            request = null;
            error = IngestError.Malformed($"malformed protobuf ExportMetricsServiceRequest at byte {ProtobufErrorOffset(body)} of {body.Length}: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// Where protobuf parsing failed. The span parser does not say, so the (rare) failing body is parsed again
    /// through a <see cref="CodedInputStream"/>, whose position after the throw is the offset.
    /// </summary>
    private static long ProtobufErrorOffset(ReadOnlySpan<byte> body)
    {
        var input = new CodedInputStream(body.ToArray());
        try
        {
            new ExportMetricsServiceRequest().MergeFrom(input);
        }
        catch (InvalidProtocolBufferException)
        {
        }
        return input.Position;
    }

}
