using System.Net;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Receivers;

/// <summary>A server with small limits that only ever receives requests it must refuse.</summary>
public sealed class RefusingServerFixture : VigilServerFixture
{
    public const int MaxBodyBytes = 4096;
    public const int MaxLabelsPerSeries = 4;
    public const int MaxLabelValueLength = 64;
    public const int MaxSeriesPerRequest = 3;

    protected override void Configure(ServerOptions options) => options.Limits = new IngestLimits
    {
        MaxBodyBytes = MaxBodyBytes,
        MaxLabelsPerSeries = MaxLabelsPerSeries,
        MaxLabelValueLength = MaxLabelValueLength,
        MaxSeriesPerRequest = MaxSeriesPerRequest,
    };
}

/// <summary>
/// <c>POST /api/v1/write</c> with malformed requests: each gets the right status and a message naming the problem and
/// where it is, and nothing of it is written.
/// </summary>
public sealed class RemoteWriteRefusalTests(RefusingServerFixture server) : IClassFixture<RefusingServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly long T = TestTime.BaseMs;

    public static TheoryData<string> Cases => [.. BadRequests.Keys];

    /// <summary>Each case: the request content, the status and the words the message must hold.</summary>
    private static readonly Dictionary<string, Func<(HttpContent Content, HttpStatusCode Status, string[] Message)>> BadRequests = new()
    {
        ["truncated protobuf"] = () =>
        {
            var protobuf = Valid().ToProtobuf();
            return (Body(Snappier.Snappy.CompressToArray(protobuf.AsSpan(0, protobuf.Length - 5))), HttpStatusCode.BadRequest, ["protobuf", "truncated", "at byte"]);
        },
        ["bad snappy"] = () => (Body([0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]), HttpStatusCode.BadRequest, ["snappy", "invalid"]),
        ["framed snappy"] = () => (Body([0xff, 0x06, 0x00, 0x00, .. "sNaPpY"u8, 0x01, 0x00, 0x00, 0x00]), HttpStatusCode.BadRequest, ["snappy", "framed", "block format"]),
        ["empty body"] = () => (Body([]), HttpStatusCode.BadRequest, ["empty body"]),
        ["invalid label name"] = () => (Body(new WriteRequestBuilder().Series([("__name__", "rw_bad"), ("bad-name", "x")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 0 (rw_bad)", "invalid label name \"bad-name\""]),
        ["invalid metric name"] = () => (Body(new WriteRequestBuilder().Series([("__name__", "1rw")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 0", "invalid metric name \"1rw\""]),
        ["missing metric name"] = () => (Body(new WriteRequestBuilder().Series([("job", "api")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 0", "no metric name"]),
        ["duplicate label name"] = () => (Body(Valid().Series([("__name__", "rw_bad"), ("job", "a"), ("job", "b")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 1 (rw_bad)", "duplicate label name \"job\""]),
        ["unsorted label names"] = () => (Body(Valid().Series([("__name__", "rw_bad"), ("zone", "a"), ("job", "b")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 1 (rw_bad)", "not sorted", "\"job\" comes after \"zone\""]),
        ["empty label value"] = () => (Body(Valid().Series([("__name__", "rw_bad"), ("job", "")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 1 (rw_bad)", "label \"job\" has an empty value"]),
        ["out-of-order timestamps"] = () => (Body(Valid().Series([("__name__", "rw_bad")], (T + 2000, 1), (T + 1000, 2)).ToBody()),
            HttpStatusCode.BadRequest, ["series 1 (rw_bad)", "sample 1", "older than the sample before it"]),
        ["duplicate timestamp, other value"] = () => (Body(Valid().Series([("__name__", "rw_bad")], (T, 1), (T, 2)).ToBody()),
            HttpStatusCode.BadRequest, ["series 1 (rw_bad)", "repeats timestamp"]),
        ["too many labels"] = () => (Body(new WriteRequestBuilder().Series(
                [("__name__", "rw_bad"), ("a", "1"), ("b", "1"), ("c", "1"), ("d", "1")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 0", "MaxLabelsPerSeries=" + RefusingServerFixture.MaxLabelsPerSeries]),
        ["label value too long"] = () => (Body(Valid().Series([("__name__", "rw_bad"), ("job", new string('x', RefusingServerFixture.MaxLabelValueLength + 1))], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series 1", "label \"job\"", "MaxLabelValueLength=" + RefusingServerFixture.MaxLabelValueLength]),
        ["too many series"] = () => (Body(Valid()
                .Series([("__name__", "rw_bad"), ("job", "b")], (T, 1))
                .Series([("__name__", "rw_bad"), ("job", "c")], (T, 1))
                .Series([("__name__", "rw_bad"), ("job", "d")], (T, 1)).ToBody()),
            HttpStatusCode.BadRequest, ["series", "MaxSeriesPerRequest=" + RefusingServerFixture.MaxSeriesPerRequest]),
        ["body over the limit"] = () => (Body(new byte[RefusingServerFixture.MaxBodyBytes + 1]),
            HttpStatusCode.RequestEntityTooLarge, ["Limits:MaxBodyBytes=" + RefusingServerFixture.MaxBodyBytes]),
        ["decompressed body over the limit"] = () => (Body(new WriteRequestBuilder().Series(
                [("__name__", "rw_bad"), ("job", new string('x', RefusingServerFixture.MaxBodyBytes))], (T, 1)).ToBody()),
            HttpStatusCode.RequestEntityTooLarge, ["decompressed", "MaxBodyBytes=" + RefusingServerFixture.MaxBodyBytes]),
        ["wrong content type"] = () => (RemoteWrite.Content(Valid().ToBody(), contentType: "application/json"),
            HttpStatusCode.UnsupportedMediaType, ["Content-Type \"application/json\"", "application/x-protobuf"]),
        ["no content encoding"] = () => (RemoteWrite.Content(Valid().ToProtobuf(), contentEncoding: null),
            HttpStatusCode.UnsupportedMediaType, ["Content-Encoding is missing", "snappy"]),
        ["remote write 2.0 message"] = () => (RemoteWrite.Content(Valid().ToBody(), contentType: "application/x-protobuf;proto=io.prometheus.write.v2.Request"),
            HttpStatusCode.UnsupportedMediaType, ["io.prometheus.write.v2.Request", "prometheus.WriteRequest"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PostWrite_MalformedRequest_RefusedWithReasonAndNothingWritten(string name)
    {
        var (content, status, message) = BadRequests[name]();

        using var response = await SendAsync(content);

        var error = await VigilApi.ErrorOfAsync(response, Ct);
        Assert.True(response.StatusCode == status, $"{name}: expected {(int)status}, got {(int)response.StatusCode}: {error}");
        foreach (var part in message)
        {
            Assert.Contains(part, error, StringComparison.Ordinal);
        }
        // A valid first series must not have been written either: requests are taken whole or not at all.
        Assert.Equal(0, server.SeriesIndex.Count);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task PostWrite_AfterEveryRefusal_ServerStillAcceptsNothingAndAnswers()
    {
        foreach (var name in BadRequests.Keys)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(BadRequests[name]().Content);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"{name}: {e.Message}", e);
            }
            using var _ = response;
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        }
        Assert.Equal(0, server.SeriesIndex.Count);
        var labels = await VigilApi.GetDataAsync(server.Client, "api/v1/labels", Ct);
        Assert.Equal(0, labels.GetArrayLength());
        await AssertHealthyAsync();
    }

    /// <summary>A valid first series, so a refusal of a later one shows the request was not half written.</summary>
    private static WriteRequestBuilder Valid() => new WriteRequestBuilder().Series([("__name__", "rw_fine"), ("job", "api")], (T, 1), (T + 1000, 2));

    private static ByteArrayContent Body(byte[] body) => RemoteWrite.Content(body);

    /// <summary>
    /// Each on its own connection, closed after the answer: Kestrel closes a connection whose body it refused unread,
    /// and a pooled client could otherwise send the next request into that closing connection.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpContent content)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.ConnectionClose = true;
        return await client.PostAsync("api/v1/write", content, Ct);
    }

    private async Task AssertHealthyAsync()
    {
        using var health = await server.Client.GetAsync("healthz", Ct);
        using var ready = await server.Client.GetAsync("readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
