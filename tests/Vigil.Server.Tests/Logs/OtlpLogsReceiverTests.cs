using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Vigil.Ingest.Otlp.Proto.Collector;
using Vigil.Ingest.Otlp.Proto.Common;
using Vigil.Ingest.Otlp.Proto.Logs;
using Vigil.Ingest.Otlp.Proto.Resource;

namespace Vigil.Server.Tests.Logs;

/// <summary><c>POST /v1/logs</c>: OTLP/HTTP logs in protobuf and JSON.</summary>
public sealed class OtlpLogsReceiverTests(LogsServerFixture server) : IClassFixture<LogsServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_Protobuf_RecordsMinedUnderServiceName_EmptyBodyPartial()
    {
        var scope = new ScopeLogs();
        scope.LogRecords.Add(new LogRecord { Body = new AnyValue { StringValue = "GET /api/items/17 returned 200 in 12ms" }, SeverityText = "INFO" });
        scope.LogRecords.Add(new LogRecord { Body = new AnyValue { StringValue = "GET /api/items/18 returned 200 in 9ms" }, SeverityNumber = SeverityNumber.Info });
        scope.LogRecords.Add(new LogRecord()); // no body
        var resource = new ResourceLogs { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "otlp-proto" } });
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await server.Client.PostAsync("v1/logs", content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(1, answer.PartialSuccess.RejectedLogRecords);

        var template = Assert.Single(await LogsClient.TemplatesAsync(server.Client, "otlp-proto", Ct));
        Assert.Equal(2, template.GetProperty("count").GetInt64());
        Assert.Contains("returned", template.GetProperty("template").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Json_RecordsStored()
    {
        var body = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-json"}}]},
              "scopeLogs":[{"logRecords":[
                {"timeUnixNano":"1700000000000000000","severityText":"WARN","body":{"stringValue":"queue depth 512 above 500"},
                 "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
            """;
        using var content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        using var response = await server.Client.PostAsync("v1/logs", content, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));

        var template = Assert.Single(await LogsClient.TemplatesAsync(server.Client, "otlp-json", Ct));
        Assert.Equal(1, template.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Post_MalformedProtobuf_400()
    {
        using var content = new ByteArrayContent([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await server.Client.PostAsync("v1/logs", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
