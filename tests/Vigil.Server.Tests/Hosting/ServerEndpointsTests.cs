using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Series;
using Vigil.Engine.Ingest;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Hosting;

/// <summary>Self-observability and documentation: <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>, <c>/openapi/v1.json</c>, <c>/docs</c>.</summary>
public sealed class ServerEndpointsTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMetrics_AfterIngest_ExposesIngestRejectionLatencyQueueJournalAndChunks()
    {
        var t = TestTime.BaseMs;
        // 130 samples: one chunk of 120 sealed. Then one out-of-order sample and one malformed request.
        using (var ok = await RemoteWrite.PostAsync(server.Client, Ct, ("self_m{job=\"a\"}", RemoteWrite.Samples(t, 130, i => i))))
        {
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        }
        using (var late = await RemoteWrite.PostAsync(server.Client, Ct, ("self_m{job=\"a\"}", [new Sample(t, 5)])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        }
        using (var bad = await RemoteWrite.PostAsync(server.Client, [1, 2, 3], Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        await server.FlushChunksAsync();
        await server.App.Services.GetRequiredService<Checkpointer>().RunOnceAsync(Ct);

        using var response = await server.Client.GetAsync("metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("vigil_samples_ingested_total{receiver=\"remote_write\"} 130", text, StringComparison.Ordinal);
        Assert.Contains("vigil_samples_rejected_total{receiver=\"remote_write\",reason=\"out_of_order\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("vigil_requests_rejected_total{receiver=\"remote_write\",reason=\"malformed\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("vigil_http_request_duration_seconds_bucket{endpoint=\"/api/v1/write\",code=\"204\",le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("vigil_http_request_duration_seconds_count{endpoint=\"/api/v1/write\",code=\"400\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("vigil_shard_queue_depth{shard=", text, StringComparison.Ordinal);
        Assert.Contains("vigil_journal_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("vigil_chunks_sealed_total 1", text, StringComparison.Ordinal);
        Assert.Contains("vigil_active_series 1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healthz", "ok")]
    [InlineData("readyz", "ready")]
    public async Task GetHealth_RunningServer_200(string path, string body)
    {
        using var response = await server.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task GetOpenApi_Document_ListsReceiversAndQueries()
    {
        using var response = await server.Client.GetAsync("openapi/v1.json", Ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Vigil API", root.GetProperty("info").GetProperty("title").GetString());
        var paths = root.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/write", "/v1/metrics", "/api/v1/series", "/api/v1/samples", "/api/v1/labels", "/api/v1/label/{name}/values", "/api/v1/signals" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
        var write = paths.GetProperty("/api/v1/write").GetProperty("post");
        Assert.True(write.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/x-protobuf", out _));
        Assert.True(write.GetProperty("responses").TryGetProperty("204", out _));
        var samples = paths.GetProperty("/api/v1/samples").GetProperty("get").GetProperty("parameters");
        Assert.Equal(["match[]", "start", "end", "step", "agg"], samples.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task GetDocs_Browser_ServesTheUiForTheDocument()
    {
        using var response = await server.Client.GetAsync("docs", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Vigil API", html, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        using var script = await server.Client.GetAsync("docs/scalar.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
