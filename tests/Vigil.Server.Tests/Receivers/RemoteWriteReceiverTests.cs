using System.Net;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Receivers;

/// <summary><c>POST /api/v1/write</c> with valid requests: acknowledged, stored exactly, idempotent.</summary>
public sealed class RemoteWriteReceiverTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostWrite_ValidRequest_204AndSamplesReadBackExactly()
    {
        var t = TestTime.BaseMs;
        double[] values = [0, 1.5, -2.25, double.MaxValue, double.Epsilon, 1e-300, double.NaN, double.PositiveInfinity, double.NegativeInfinity, Sample.StaleNaN];
        var samples = values.Select((v, i) => new Sample(t + (i * 1000), v)).ToArray();

        using var response = await RemoteWrite.PostAsync(server.Client, Ct,
            ("rw_exact{job=\"api\",instance=\"a:1\"}", samples),
            ("rw_exact{job=\"api\",instance=\"b:1\"}", [new Sample(t, 42)]));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var series = await VigilApi.SingleSeriesAsync(server.Client, "rw_exact{instance=\"a:1\"}", t, t + 60_000, Ct);
        Assert.Equal("api", series.Labels["job"]);
        Assert.Equal("rw_exact", series.Labels["__name__"]);
        Assert.Equal(samples.Select(s => s.TimestampMs), series.Samples.Select(s => s.TimestampMs));
        // As Prometheus renders values: shortest round-trip text, NaN, +Inf, -Inf; the staleness marker kept apart from NaN.
        Assert.Equal(["0", "1.5", "-2.25", "1.7976931348623157E+308", "5E-324", "1E-300", "NaN", "+Inf", "-Inf", "stale"], series.Values);
    }

    [Fact]
    public async Task PostWrite_SameRequestTwice_BothAcknowledgedAndStoredOnce()
    {
        var t = TestTime.BaseMs;
        var body = RemoteWrite.Body(("rw_retry{job=\"api\"}", RemoteWrite.Samples(t, 5, i => i * 10)));

        using var first = await RemoteWrite.PostAsync(server.Client, body, Ct);
        using var retry = await RemoteWrite.PostAsync(server.Client, body, Ct);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        var series = await VigilApi.SingleSeriesAsync(server.Client, "rw_retry", t, t + 60_000, Ct);
        Assert.Equal(["0", "10", "20", "30", "40"], series.Values);
    }

    [Fact]
    public async Task PostWrite_SampleOlderThanStored_400NamingSeriesAndNewerKept()
    {
        var t = TestTime.BaseMs;
        using var first = await RemoteWrite.PostAsync(server.Client, Ct, ("rw_old{job=\"api\"}", [new Sample(t + 10_000, 1)]));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);

        using var late = await RemoteWrite.PostAsync(server.Client, Ct,
            ("rw_old{job=\"api\"}", [new Sample(t + 5_000, 2)]),
            ("rw_old{job=\"other\"}", [new Sample(t + 5_000, 3)]));

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var error = await VigilApi.ErrorOfAsync(late, Ct);
        Assert.Contains("rw_old{job=\"api\"}", error, StringComparison.Ordinal);
        Assert.Contains("out of order", error, StringComparison.Ordinal);
        Assert.Equal(["1"], (await VigilApi.SingleSeriesAsync(server.Client, "rw_old{job=\"api\"}", t, t + 60_000, Ct)).Values);
        // As Prometheus's receiver: the rest of the request is stored and reported, so the sender need not retry.
        Assert.Equal(["3"], (await VigilApi.SingleSeriesAsync(server.Client, "rw_old{job=\"other\"}", t, t + 60_000, Ct)).Values);
    }

    [Fact]
    public async Task PostWrite_SeriesRepeatedInOneRequest_MergedInTimeOrder()
    {
        var t = TestTime.BaseMs;
        var body = new WriteRequestBuilder()
            .Series([("__name__", "rw_merged"), ("job", "api")], (t + 2000, 2), (t + 3000, 3))
            .Series([("__name__", "rw_merged"), ("job", "api")], (t, 0), (t + 1000, 1))
            .ToBody();

        using var response = await RemoteWrite.PostAsync(server.Client, body, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["0", "1", "2", "3"], (await VigilApi.SingleSeriesAsync(server.Client, "rw_merged", t, t + 60_000, Ct)).Values);
    }

    [Fact]
    public async Task PostWrite_MoreSamplesThanOneChunk_AllReadBackAcrossSealedChunks()
    {
        var t = TestTime.BaseMs;
        var samples = RemoteWrite.Samples(t, 1000, i => i % 7 == 0 ? i * 0.5 : i);

        using var response = await RemoteWrite.PostAsync(server.Client, Ct, ("rw_long{job=\"api\"}", samples));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        // Full heads are sealed and written behind the shards: read once everything sealed has been written, and
        // once while it may still be in flight (both must see every acknowledged sample).
        var early = await VigilApi.SingleSeriesAsync(server.Client, "rw_long", t, t + 3_600_000, Ct);
        await server.FlushChunksAsync();
        var late = await VigilApi.SingleSeriesAsync(server.Client, "rw_long", t, t + 3_600_000, Ct);
        var expected = samples.Select(s => s.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, late.Values);
        Assert.Equal(expected, early.Values);
    }
}
