using System.Net;
using System.Text.Json;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary><c>GET /api/v1/events</c>: a stored signal change arrives on an open stream as a server-sent event.</summary>
public sealed class EventsApiTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_AnomalyIngested_SignalEventArrives()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        // The opening comment says the subscription is in place before anything is sent.
        Assert.Equal(": vigil events", await reader.ReadLineAsync(Ct));

        const string Series = "events_latency{job=\"ev\"}";
        var t = TestTime.BaseMs;
        using (var write = await RemoteWrite.PostAsync(server.Client, Ct, (Series, [.. RemoteWrite.Samples(t, 150, i => 10 + (i % 3)), new Sample(t + 150_000, 900)])))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        string? eventName = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var data = JsonDocument.Parse(line[6..]);
                Assert.Equal("signal", eventName);
                Assert.Equal(Series, data.RootElement.GetProperty("entity").GetString());
                Assert.Equal("MetricAnomaly", data.RootElement.GetProperty("kind").GetString());
                return;
            }
        }
        Assert.Fail("the stream ended without a signal event");
    }
}
