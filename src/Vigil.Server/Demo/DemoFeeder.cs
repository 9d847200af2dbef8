using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Vigil.Simulation.Demo;
using Vigil.Simulation.Faults;
using Vigil.Simulation.Generation;

namespace Vigil.Server.Demo;

/// <summary>What the feeder has sent so far.</summary>
/// <param name="Frames">Frames sent.</param>
/// <param name="Samples">Metric samples sent by remote write.</param>
/// <param name="LogLines">Log lines sent by OTLP/HTTP.</param>
/// <param name="Alerts">Alert state changes sent by the Alertmanager webhook.</param>
/// <param name="Faults">Faults that have started.</param>
public readonly record struct DemoFeederTotals(int Frames, long Samples, long LogLines, int Alerts, int Faults);

/// <summary>
/// Sends a <see cref="DemoScenario"/> to a Vigil server through its real receivers over HTTP, as the real senders
/// would: metrics by Prometheus remote write (<c>/api/v1/write</c>), logs by OTLP/HTTP JSON (<c>/v1/logs</c>),
/// alerts by the Alertmanager webhook (<c>/api/v1/alerts/alertmanager</c>). History goes first, in batches, as fast
/// as the server takes it; then each frame is sent when the clock reaches it.
/// </summary>
public sealed class DemoFeeder
{
    private const int HistoryFramesPerRequest = 40;
    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly DemoScenario _scenario;
    private readonly TimeProvider _time;
    private readonly TextWriter? _log;
    private DemoFeederTotals _totals;
    private bool _warnedOutOfOrder;

    /// <summary>A feeder for <paramref name="scenario"/> posting to the server at <paramref name="baseAddress"/> with <paramref name="client"/>.</summary>
    /// <param name="client">The client (the caller owns it).</param>
    /// <param name="baseAddress">The server's root, e.g. <c>http://127.0.0.1:9464/</c>.</param>
    /// <param name="scenario">What to send.</param>
    /// <param name="time">The clock that decides when a live frame is due.</param>
    /// <param name="log">Where to say what happens (each fault as it starts); null for silence.</param>
    public DemoFeeder(HttpClient client, Uri baseAddress, DemoScenario scenario, TimeProvider time, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _scenario = scenario;
        _time = time;
        _log = log;
    }

    /// <summary>What has been sent so far.</summary>
    public DemoFeederTotals Totals => _totals;

    /// <summary>Sends history, then live frames until <paramref name="until"/> (or cancellation).</summary>
    public async Task RunAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        // The call graph first: labels show where services run, not whom they call.
        await PutAsync("api/v1/topology", DemoPayloads.Topology(_scenario.Fleet), cancellationToken);
        var batch = new List<SimulationFrame>(HistoryFramesPerRequest);
        var live = false;
        foreach (var frame in _scenario.Frames())
        {
            if (frame.Timestamp >= until)
            {
                break;
            }
            if (frame.Timestamp < _scenario.LiveFrom)
            {
                batch.Add(frame);
                if (batch.Count == HistoryFramesPerRequest)
                {
                    await SendAsync(batch, cancellationToken);
                    batch.Clear();
                }
                continue;
            }
            if (!live)
            {
                await SendAsync(batch, cancellationToken);
                batch.Clear();
                live = true;
                _log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: {_totals.Frames} frames of history sent ({_totals.Samples:N0} samples, {_totals.LogLines:N0} log lines); live from now on, one frame every {_scenario.Options.Step.TotalSeconds:0} s"));
            }
            var wait = frame.Timestamp - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            batch.Add(frame);
            await SendAsync(batch, cancellationToken);
            batch.Clear();
        }
        await SendAsync(batch, cancellationToken);
    }

    private async Task SendAsync(List<SimulationFrame> frames, CancellationToken ct)
    {
        if (frames.Count == 0)
        {
            return;
        }
        var samples = frames.Sum(static f => f.Metrics.Count);
        await PostAsync("api/v1/write", DemoPayloads.RemoteWrite(frames), "application/x-protobuf", snappy: true, ct);
        var logs = frames.SelectMany(static f => f.Logs).ToList();
        if (logs.Count > 0)
        {
            await PostAsync("v1/logs", DemoPayloads.OtlpLogs(logs), "application/json", snappy: false, ct);
        }
        var alerts = frames.SelectMany(static f => f.Alerts).ToList();
        if (alerts.Count > 0)
        {
            await PostAsync("api/v1/alerts/alertmanager", DemoPayloads.AlertmanagerWebhook(alerts), "application/json", snappy: false, ct);
        }
        foreach (var change in frames.SelectMany(static f => f.Changes))
        {
            await PostAsync("api/v1/changes", DemoPayloads.Change(change), "application/json", snappy: false, ct);
        }
        var faults = 0;
        foreach (var fault in frames.SelectMany(static f => f.FaultsStarted))
        {
            faults++;
            _log?.WriteLine(Describe(fault));
        }
        _totals = new DemoFeederTotals(_totals.Frames + frames.Count, _totals.Samples + samples, _totals.LogLines + logs.Count, _totals.Alerts + alerts.Count, _totals.Faults + faults);
    }

    /// <summary>One line about a fault: what, where, how far it spreads.</summary>
    public static string Describe(FaultTruth fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var spread = fault.Affected.Length > 1 ? $", spreading to {string.Join(", ", fault.Affected.Skip(1).Take(5))}{(fault.Affected.Length > 6 ? ", …" : "")}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"demo: fault {fault.Id} {fault.Kind} at {fault.Root} from {fault.Start:HH:mm:ss} to {fault.End:HH:mm:ss} UTC{spread}");
    }

    private Task PutAsync(string path, byte[] body, CancellationToken ct) => RequestAsync(HttpMethod.Put, path, body, "application/json", snappy: false, ct);

    private Task PostAsync(string path, byte[] body, string contentType, bool snappy, CancellationToken ct) => RequestAsync(HttpMethod.Post, path, body, contentType, snappy, ct);

    private async Task RequestAsync(HttpMethod method, string path, byte[] body, string contentType, bool snappy, CancellationToken ct)
    {
        // The server answers 503 while it replays its journal after a restart: wait and retry, as Prometheus does.
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            if (snappy)
            {
                content.Headers.ContentEncoding.Add("snappy");
            }
            using var request = new HttpRequestMessage(method, new Uri(_base, path)) { Content = content };
            if (snappy)
            {
                request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            }
            using var response = await _client.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, ct);
                continue;
            }
            var text = await response.Content.ReadAsStringAsync(ct);
            if (snappy && response.StatusCode == HttpStatusCode.BadRequest && text.Contains("out of order", StringComparison.Ordinal))
            {
                // A reused data directory already holds newer samples of these series; the rest of the request was stored.
                if (!_warnedOutOfOrder)
                {
                    _warnedOutOfOrder = true;
                    _log?.WriteLine("demo: the data directory already holds newer samples of some series; those samples are skipped (use a fresh --data for a clean demo)");
                }
                return;
            }
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {text}", null, response.StatusCode);
        }
    }
}
