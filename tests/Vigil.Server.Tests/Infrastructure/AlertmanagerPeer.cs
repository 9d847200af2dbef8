using System.Diagnostics;
using System.Text;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// A real Alertmanager (Debian's <c>prometheus-alertmanager</c>) on a free loopback port, routing every alert to a
/// webhook with short group timers, its cluster listener off. Skips the calling test when the binary is absent.
/// </summary>
internal sealed class AlertmanagerPeer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly TempDirectory _dir;
    private readonly StringBuilder _log = new();

    private AlertmanagerPeer(Process process, TempDirectory dir, Uri url)
    {
        _process = process;
        _dir = dir;
        Url = url;
    }

    /// <summary>Alertmanager's own API, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>What Alertmanager printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<AlertmanagerPeer> StartAsync(Uri webhook, CancellationToken ct)
    {
        if (!File.Exists(Binary))
        {
            Assert.Skip($"needs {Binary} (Debian package prometheus-alertmanager; .ci/run installs it)");
        }
        var dir = new TempDirectory("alertmanager");
        File.WriteAllText(dir.Combine("alertmanager.yml"), $"""
            route:
              receiver: vigil
              group_by: [alertname, service]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: vigil
                webhook_configs:
                  - url: {webhook}
                    send_resolved: true
            """);
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"--config.file={dir.Combine("alertmanager.yml")}", $"--storage.path={dir.Combine("data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var peer = new AlertmanagerPeer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        using var http = new HttpClient { BaseAddress = peer.Url };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var ready = await http.GetAsync("-/ready", ct);
                if (ready.IsSuccessStatusCode)
                {
                    return peer;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                await peer.DisposeAsync();
                throw new InvalidOperationException($"Alertmanager did not become ready:\n{peer.Log}");
            }
            await Task.Delay(100, ct);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _dir.Dispose();
    }
}
