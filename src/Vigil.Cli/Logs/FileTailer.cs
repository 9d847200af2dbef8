using System.Runtime.CompilerServices;
using System.Text;

namespace Vigil.Cli.Logs;

/// <summary>
/// Reads a file line by line; with <c>follow</c>, keeps reading as it grows, like <c>tail -F</c>: a file cut shorter
/// than what was read (truncated) is read again from its start; a file renamed or deleted under its name (rotated) is
/// read to its end, then the new file of that name from its start. Rotation is seen through <c>/proc/self/fd</c> (Linux),
/// elsewhere through the file's length and first bytes.
/// </summary>
internal sealed class FileTailer(string path, bool follow, TimeSpan poll)
{
    private const int FingerprintBytes = 256;

    /// <summary>Bytes read so far, over every file followed.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Called when the reader catches up with the end of the file (a moment to send what is pending).</summary>
    public Func<Task>? OnIdleAsync { get; set; }

    /// <summary>The lines, without their line ends; ends at the end of the file unless following (then at cancellation).</summary>
    public async IAsyncEnumerable<string> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = Open(path);
        var fingerprint = await FingerprintAsync(path, cancellationToken);
        var pending = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read > 0)
                {
                    BytesRead += read;
                    foreach (var line in Split(buffer.AsSpan(0, read), pending))
                    {
                        yield return line;
                    }
                    continue;
                }
                if (!follow)
                {
                    break;
                }
                if (OnIdleAsync is { } idle)
                {
                    await idle();
                }
                try
                {
                    await Task.Delay(poll, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                var change = Check(stream, fingerprint);
                if (change == Change.Truncated)
                {
                    stream.Position = 0;
                    pending.SetLength(0);
                }
                else if (change == Change.Rotated)
                {
                    // Whatever the old file got after the last read is read by the loop first: only switch once it is drained.
                    if (await stream.ReadAsync(buffer, cancellationToken) is var tail and > 0)
                    {
                        BytesRead += tail;
                        foreach (var line in Split(buffer.AsSpan(0, tail), pending))
                        {
                            yield return line;
                        }
                        continue;
                    }
                    if (pending.Length > 0)
                    {
                        yield return Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length).TrimEnd('\r');
                        pending.SetLength(0);
                    }
                    await stream.DisposeAsync();
                    stream = Open(path);
                    fingerprint = await FingerprintAsync(path, cancellationToken);
                }
            }
            if (pending.Length > 0)
            {
                yield return Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length).TrimEnd('\r');
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private enum Change
    {
        None,
        Truncated,
        Rotated,
    }

    private static FileStream Open(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });

    private static List<string> Split(ReadOnlySpan<byte> bytes, MemoryStream pending)
    {
        var lines = new List<string>();
        while (true)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                pending.Write(bytes);
                return lines;
            }
            pending.Write(bytes[..newline]);
            lines.Add(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length).TrimEnd('\r'));
            pending.SetLength(0);
            bytes = bytes[(newline + 1)..];
        }
    }

    private Change Check(FileStream stream, byte[] fingerprint)
    {
        var current = new FileInfo(path);
        if (!current.Exists)
        {
            // Renamed away and not yet recreated: keep reading the old one.
            return Change.None;
        }
        if (OperatingSystem.IsLinux())
        {
            var target = new FileInfo("/proc/self/fd/" + stream.SafeFileHandle.DangerousGetHandle().ToInt64()).LinkTarget;
            if (target is not null && !string.Equals(target, current.FullName, StringComparison.Ordinal))
            {
                return Change.Rotated;
            }
        }
        else if (!SameStart(current.FullName, fingerprint))
        {
            return Change.Rotated;
        }
        return current.Length < stream.Position ? Change.Truncated : Change.None;
    }

    private static async Task<byte[]> FingerprintAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = Open(path);
        var bytes = new byte[FingerprintBytes];
        var n = await stream.ReadAtLeastAsync(bytes, FingerprintBytes, throwOnEndOfStream: false, cancellationToken);
        return bytes[..n];
    }

    private static bool SameStart(string path, byte[] fingerprint)
    {
        using var stream = Open(path);
        var bytes = new byte[fingerprint.Length];
        var n = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return n < fingerprint.Length ? n == 0 || bytes.AsSpan(0, n).SequenceEqual(fingerprint.AsSpan(0, n)) : bytes.AsSpan().SequenceEqual(fingerprint);
    }
}
