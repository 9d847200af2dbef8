using System.Net.Http.Headers;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.RemoteWrite;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>Sends remote write 1.0 requests as Prometheus does.</summary>
internal static class RemoteWrite
{
    /// <summary>A snappy body for series given in Prometheus notation with their samples.</summary>
    public static byte[] Body(params (string Series, Sample[] Samples)[] series) =>
        RemoteWriteEncoder.Encode(new MetricBatch([.. series.Select(s => new SeriesSamples(SeriesKey.Parse(s.Series), s.Samples))]));

    /// <summary>The body with remote write's headers (or others, to test refusals).</summary>
    public static ByteArrayContent Content(byte[] body, string? contentType = RemoteWriteDecoder.ContentType, string? contentEncoding = RemoteWriteDecoder.ContentEncoding)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }
        content.Headers.Add(RemoteWriteDecoder.VersionHeader, RemoteWriteDecoder.ProtocolVersion);
        return content;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, CancellationToken cancellationToken) =>
        client.PostAsync("api/v1/write", Content(body), cancellationToken);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, CancellationToken cancellationToken, params (string Series, Sample[] Samples)[] series) =>
        PostAsync(client, Body(series), cancellationToken);

    /// <summary><paramref name="count"/> samples every <paramref name="intervalMs"/> from <paramref name="startMs"/>, valued by <paramref name="value"/>.</summary>
    public static Sample[] Samples(long startMs, int count, Func<int, double> value, long intervalMs = 1000) =>
        [.. Enumerable.Range(0, count).Select(i => new Sample(startMs + (i * intervalMs), value(i)))];
}
