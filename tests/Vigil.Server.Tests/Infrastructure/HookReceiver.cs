using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>One POST a <see cref="HookReceiver"/> received.</summary>
internal sealed record ReceivedHook(string Path, JsonElement Body, string? ContentType, IReadOnlyDictionary<string, string> Headers, int AnsweredStatus);

/// <summary>
/// A real HTTP endpoint on loopback (Kestrel, port picked by the OS) standing in for a webhook or Slack receiver:
/// records every POST and answers as scripted per path (200 once the script runs out).
/// </summary>
internal sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter)>> _script = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private HookReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every POST, in arrival order.</summary>
    public Channel<ReceivedHook> Received { get; } = Channel.CreateUnbounded<ReceivedHook>();

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>The next answers for <paramref name="path"/>: status and optional Retry-After header value.</summary>
    public void Respond(string path, params (int Status, string? RetryAfter)[] answers)
    {
        var queue = _script.GetOrAdd("/" + path.TrimStart('/'), _ => new());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>POSTs seen on <paramref name="path"/> so far.</summary>
    public int Count(string path) => _counts.GetValueOrDefault("/" + path.TrimStart('/'));

    public async Task<ReceivedHook> NextAsync(CancellationToken cancellationToken) =>
        await Received.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        HookReceiver? self = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var path = context.Request.Path.Value ?? "/";
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var status = 200;
            if (self!._script.TryGetValue(path, out var queue) && queue.TryDequeue(out var answer))
            {
                status = answer.Status;
                if (answer.RetryAfter is { } after)
                {
                    context.Response.Headers.RetryAfter = after;
                }
            }
            self._counts.AddOrUpdate(path, 1, static (_, n) => n + 1);
            var headers = context.Request.Headers.ToDictionary(static h => h.Key, static h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            self.Received.Writer.TryWrite(new ReceivedHook(path, body.RootElement.Clone(), context.Request.ContentType, headers, status));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new HookReceiver(app, new Uri(address + "/"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
