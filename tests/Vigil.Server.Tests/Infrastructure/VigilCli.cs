using System.Diagnostics;
using System.Text;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>vigil</c> executable (<c>vigil.dll</c>, copied next to the tests) as a child process.</summary>
internal static class VigilCli
{
    /// <summary>The path of vigil.dll next to the test assembly.</summary>
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "vigil.dll");

    /// <summary>A start description: <c>dotnet vigil.dll ARGS</c> in <paramref name="workingDirectory"/>, with no inherited VIGIL_* settings.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Settings of the test process (a configuration test's VIGIL_ENGINE__SHARDS) must not leak into the child.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("VIGIL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>Runs a command to its end; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, null, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// <c>vigil serve</c> as a child process on a free loopback port: started, waited for until <c>/readyz</c> answers,
/// killed with SIGKILL when a test wants a crash, and always killed at the end.
/// </summary>
internal sealed class VigilProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private VigilProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
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

    /// <summary>Starts <c>vigil serve --listen URL --data DIR</c> and waits until it is ready.</summary>
    public static async Task<VigilProcess> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var url = FreePort.LoopbackUrl();
        var info = VigilCli.StartInfo(dataDirectory, new Dictionary<string, string> { ["VIGIL_SILOPORT"] = "0" },
            "serve", "--listen", url, "--data", dataDirectory);
        var process = Process.Start(info)!;
        var server = new VigilProcess(process, new Uri(url + "/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushes. Returns when the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        // A real process: poll with a generous deadline.
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"vigil serve exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Client.GetAsync("readyz", cancellationToken);
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
        throw new TimeoutException($"vigil serve was not ready within 90 s:\n{Output}");
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
