using System.Text;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Collector;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class OtlpMetricsResponseTests
{
    private static OtlpMetricsResult Partial() => Decode(Request(Gauge("ok", "", Point(1)), Gauge("g", "", Point(1, 0))));

    [Fact]
    public void Encode_Protobuf_CarriesPartialSuccess()
    {
        var bytes = OtlpMetricsResponse.Encode(Partial(), OtlpEncoding.Protobuf);
        var response = ExportMetricsServiceResponse.Parser.ParseFrom(bytes);

        Assert.Equal(1, response.PartialSuccess.RejectedDataPoints);
        Assert.Contains("has no time_unix_nano", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Json_LowerCamelCaseWithInt64AsString()
    {
        var json = Encoding.UTF8.GetString(OtlpMetricsResponse.Encode(Partial(), OtlpEncoding.Json));

        Assert.StartsWith("{ \"partialSuccess\": { \"rejectedDataPoints\": \"1\", \"errorMessage\": \"metric \\\"g\\\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_FullSuccess_EmptyMessage()
    {
        var result = Decode(Request(Gauge("ok", "", Point(1))));

        Assert.Empty(OtlpMetricsResponse.Encode(result, OtlpEncoding.Protobuf));
        Assert.Equal("{ }", Encoding.UTF8.GetString(OtlpMetricsResponse.Encode(result, OtlpEncoding.Json)));
    }

    [Fact]
    public void EncodeError_Protobuf_IsGoogleRpcStatus()
    {
        var bytes = OtlpMetricsResponse.EncodeError(IngestError.Malformed("bad body"), OtlpEncoding.Protobuf);
        var input = new CodedInputStream(bytes);

        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.Varint), input.ReadTag());
        Assert.Equal(3, input.ReadInt32());
        Assert.Equal(WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited), input.ReadTag());
        Assert.Equal("bad body", input.ReadString());
        Assert.True(input.IsAtEnd);
    }

    [Fact]
    public void EncodeError_Json_CodeAndMessage()
    {
        var json = Encoding.UTF8.GetString(OtlpMetricsResponse.EncodeError(IngestError.Limit("MaxBodyBytes", 10, "body"), OtlpEncoding.Json));

        Assert.Equal("{\"code\":8,\"message\":\"body exceeds the limit MaxBodyBytes=10\"}", json);
    }
}
