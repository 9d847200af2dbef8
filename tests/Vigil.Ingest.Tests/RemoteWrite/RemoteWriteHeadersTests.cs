using Vigil.Core.Ingest;
using Vigil.Ingest.RemoteWrite;

namespace Vigil.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteHeadersTests
{
    [Theory]
    [InlineData("application/x-protobuf", "snappy", "0.1.0")]
    [InlineData("application/x-protobuf", "snappy", null)]
    [InlineData("Application/X-Protobuf; proto=prometheus.WriteRequest", "SNAPPY", "0.1.0")]
    public void CheckHeaders_RemoteWrite1_IsAccepted(string contentType, string encoding, string? version) =>
        Assert.Null(RemoteWriteDecoder.CheckHeaders(contentType, encoding, version));

    [Theory]
    [InlineData("application/json", "snappy", "0.1.0", "Content-Type \"application/json\"")]
    [InlineData(null, "snappy", "0.1.0", "Content-Type \"\"")]
    [InlineData("application/x-protobuf", null, "0.1.0", "Content-Encoding is missing")]
    [InlineData("application/x-protobuf", "gzip", "0.1.0", "Content-Encoding \"gzip\"")]
    [InlineData("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", "2.0.0", "io.prometheus.write.v2.Request")]
    [InlineData("application/x-protobuf", "snappy", "2.0.0", "X-Prometheus-Remote-Write-Version \"2.0.0\"")]
    public void CheckHeaders_Other_IsUnsupportedMediaType(string? contentType, string? encoding, string? version, string expected)
    {
        var error = RemoteWriteDecoder.CheckHeaders(contentType, encoding, version);

        Assert.NotNull(error);
        Assert.Equal(IngestErrorKind.UnsupportedMediaType, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
