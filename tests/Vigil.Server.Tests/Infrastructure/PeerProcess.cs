using System.Diagnostics;
using System.Text;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// A real peer binary (Prometheus, Alertmanager) started by a test on a free loopback port with a generated config in
/// a temporary directory; waited for until its readiness endpoint answers; killed and cleaned up at the end. When the
/// binary is not installed the calling test is skipped with a message that says how to install it.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary>A client on the peer's own HTTP API.</summary>
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The binary's full path, or a skip of the calling test when it is not installed.</summary>
    public static string Require(string binary, string package)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(d => Path.Combine(d, binary))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Skip($"needs the {binary} binary (Debian: apt-get install {package}; .ci/run installs it)");
        }
        return path;
    }

    /// <summary>
    /// Starts <paramref name="binary"/> with the arguments <paramref name="arguments"/> builds from (directory, port),
    /// after writing <paramref name="files"/> (name → content, content built from the port) into that directory.
    /// </summary>
    public static async Task<PeerProcess> StartAsync(
        string binary, string package, Func<string, int, IEnumerable<string>> arguments, IReadOnlyDictionary<string, Func<int, string>> files,
        string readinessPath, CancellationToken cancellationToken)
    {
        var path = Require(binary, package);
        var directory = new TempDirectory($"vigil-{binary}");
        var port = FreePort.Next();
        foreach (var (name, content) in files)
        {
            await File.WriteAllTextAsync(directory.Combine(name), content(port), cancellationToken);
        }
        var info = new ProcessStartInfo(path)
        {
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments(directory.Path, port))
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        var peer = new PeerProcess(process, directory, port);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await peer.WaitReadyAsync(binary, readinessPath, cancellationToken);
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _directory.Dispose();
    }

    private async Task WaitReadyAsync(string binary, string readinessPath, CancellationToken cancellationToken)
    {
        // A real external process: poll with a generous deadline.
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{binary} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Client.GetAsync(readinessPath, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"{binary} was not ready within 60 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
