using System.Net;
using System.Text.Json;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Logs;

/// <summary><c>POST /api/v1/logs</c>, the templates and lines API, and new-pattern signals after warm-up.</summary>
public sealed class JsonLogsReceiverTests(LogsServerFixture server) : IClassFixture<LogsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_GoodAndBadLines_GoodStoredBadNamed()
    {
        var body = """
            {"service":"checkout","level":"info","msg":"order 1001 placed by user 17"}
            {"service":"checkout","level":"info","msg":"order 1002 placed by user 23"}
            not json at all
            {"level":"info","nomessage":"x"}

            """;
        using var response = await LogsClient.PostJsonLinesAsync(server.Client, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(2, json.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("rejected").GetInt32());
        Assert.StartsWith("line 3:", json.RootElement.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("line 4:", json.RootElement.GetProperty("errors")[1].GetString(), StringComparison.Ordinal);

        var template = Assert.Single(await LogsClient.TemplatesAsync(server.Client, "checkout", Ct));
        Assert.Equal("order <*> placed by user <*>", template.GetProperty("template").GetString());
        Assert.Equal(2, template.GetProperty("count").GetInt64());
        var id = Uri.EscapeDataString(template.GetProperty("id").GetString()!);
        var minute = Assert.Single((await VigilApi.GetDataAsync(server.Client, $"api/v1/logs/templates/{id}/counts?minutes=5", Ct)).EnumerateArray());
        Assert.Equal(2, minute.GetProperty("count").GetInt64());
        Assert.True(2 <= await LogsClient.RejectedAsync(server.Client, "json_lines", "malformed", Ct));
    }

    [Fact]
    public async Task Post_NothingUsable_400NamesTheLine()
    {
        using var response = await LogsClient.PostJsonLinesAsync(server.Client, "{\"msg\": \"\u00ff\"\n\u0001\u0002\n", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 1", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NewTemplateAfterWarmup_NewLogPatternSignalWithExamplesAndParameters()
    {
        var warm = string.Join('\n', Enumerable.Range(0, LogsServerFixture.WarmupLines).Select(i => $"{{\"msg\":\"cache hit for key k{i}\"}}"));
        using (var first = await LogsClient.PostJsonLinesAsync(server.Client, warm, Ct, source: "patterns"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var warmTemplate = Assert.Single(await LogsClient.TemplatesAsync(server.Client, "patterns", Ct));
        Assert.False(warmTemplate.GetProperty("new").GetBoolean());

        var fresh = """
            {"msg":"connection to db-1 refused after 3 retries"}
            {"msg":"connection to db-2 refused after 5 retries"}
            """;
        using (var second = await LogsClient.PostJsonLinesAsync(server.Client, fresh, Ct, source: "patterns"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var templates = await LogsClient.TemplatesAsync(server.Client, "patterns", Ct);
        var created = Assert.Single(templates, t => t.GetProperty("new").GetBoolean());
        Assert.Equal(2, created.GetProperty("count").GetInt64());
        var signals = (await VigilApi.GetDataAsync(server.Client, "api/v1/signals?kind=NewLogPattern&entity=service%2Fpatterns", Ct)).EnumerateArray().ToArray();
        var signal = Assert.Single(signals);
        var evidence = signal.GetProperty("evidence");
        Assert.Equal(created.GetProperty("template").GetString(), evidence.GetProperty("template").GetString());
        Assert.Equal(created.GetProperty("id").GetString(), evidence.GetProperty("template_id").GetString());
        Assert.Equal("connection to db-1 refused after 3 retries", evidence.GetProperty("example_1").GetString());
        Assert.Equal("connection to db-2 refused after 5 retries", evidence.GetProperty("example_2").GetString());
        Assert.Equal("2 values, 2 distinct: 1 ×1, 2 ×1; numeric (2) min 1, median 1.5, max 2", evidence.GetProperty("param_1").GetString());
        Assert.Equal("2 values, 2 distinct: 3 ×1, 5 ×1; numeric (2) min 3, median 4, max 5", evidence.GetProperty("param_2").GetString());
        Assert.Equal("patterns", signal.GetProperty("labels").GetProperty("service").GetString());
    }

    [Fact]
    public async Task Post_BurstOfNewKinds_SignalsCappedPerMinute()
    {
        var warm = string.Join('\n', Enumerable.Range(0, LogsServerFixture.WarmupLines).Select(i => $"{{\"msg\":\"tick {i}\"}}"));
        using (var first = await LogsClient.PostJsonLinesAsync(server.Client, warm, Ct, source: "flood"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        string[] kinds = ["apple", "banana kiwi", "cherry lemon mango", "date fig grape hazel", "ivy jade kale lime melon", "nectar olive peach quince rye sage"];
        using (var burst = await LogsClient.PostJsonLinesAsync(server.Client, string.Join('\n', kinds.Select(k => $"{{\"msg\":\"{k}\"}}")), Ct, source: "flood"))
        {
            Assert.Equal(HttpStatusCode.OK, burst.StatusCode);
        }

        Assert.Equal(kinds.Length, (await LogsClient.TemplatesAsync(server.Client, "flood", Ct)).Count(t => t.GetProperty("new").GetBoolean()));
        var signals = (await VigilApi.GetDataAsync(server.Client, "api/v1/signals?kind=NewLogPattern&entity=service%2Fflood", Ct)).EnumerateArray().ToArray();
        Assert.Equal(LogsServerFixture.MaxNewPatternSignalsPerMinute, signals.Length);
        Assert.Contains("vigil_log_new_pattern_signals_suppressed_total 3", await server.Client.GetStringAsync("metrics", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TextAcrossLines_FindsOnlyMatches()
    {
        var body = """
            {"app":"search","msg":"payment declined for card ending 4242"}
            {"app":"search","msg":"payment accepted for card ending 1881"}
            """;
        using (var response = await LogsClient.PostJsonLinesAsync(server.Client, body, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var found = (await VigilApi.GetDataAsync(server.Client, "api/v1/logs/lines?q=DECLINED&source=search", Ct)).EnumerateArray().ToArray();
        var line = Assert.Single(found);
        Assert.Contains("4242", line.GetProperty("line").GetString(), StringComparison.Ordinal);
        var templates = (await VigilApi.GetDataAsync(server.Client, "api/v1/logs/templates?q=declined", Ct)).EnumerateArray().ToArray();
        Assert.Contains(templates, t => t.GetProperty("source").GetString() == "search");
    }

    [Fact]
    public async Task Lines_UnknownTemplate_404()
    {
        using var response = await server.Client.GetAsync("api/v1/logs/templates/nosuch:T1/lines", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_ListsLogEndpoints()
    {
        var document = await server.Client.GetStringAsync("openapi/v1.json", Ct);
        foreach (var path in new[] { "/api/v1/logs", "/api/v1/logs/templates", "/api/v1/logs/templates/{id}/lines", "/api/v1/logs/lines", "/api/v1/logs/templates/{id}/counts", "/v1/logs" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
