using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Logs;

namespace Vigil.Server.Logs;

/// <summary>
/// The syslog listener: UDP (one message per datagram) and TCP (RFC 6587 framing) on <see cref="LogsOptions"/>' ports.
/// Decoded lines queue for a single writer that sends them to the log shards in batches; a bad frame or line is counted
/// in <c>vigil_log_lines_rejected_total{receiver,reason}</c> and never ends a connection or the listener.
/// </summary>
internal sealed partial class SyslogListener(LogsOptions options, LogIngestor ingestor, LogMetrics metrics, TimeProvider time, ILogger<SyslogListener> logger)
    : BackgroundService
{
    private const int MaxBatch = 2000;
    private const int QueueCapacity = 100_000;

    // Each connection holds a frame buffer of Logs:MaxLineBytes: bounded, so a connection flood cannot exhaust memory.
    private const int MaxConnections = 1024;

    private int _connections;

    private readonly Channel<SourcedLogLine> _queue = Channel.CreateBounded<SourcedLogLine>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private Socket? _udp;
    private TcpListener? _tcp;

    /// <summary>Binds the sockets before the host reports started, so a sender may send at once.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(options.SyslogAddress);
        if (options.SyslogUdpPort != 0)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.ReceiveBufferSize = 4 << 20;
                udp.Bind(new IPEndPoint(address, options.SyslogUdpPort));
                _udp = udp;
            }
            catch (SocketException e)
            {
                // A taken syslog port must not keep the metrics and API receivers from starting; it is said loudly.
                udp.Dispose();
                LogBindFailed(logger, "udp", options.SyslogAddress, options.SyslogUdpPort, e.Message);
            }
        }
        if (options.SyslogTcpPort != 0)
        {
            var tcp = new TcpListener(address, options.SyslogTcpPort);
            try
            {
                tcp.Start();
                _tcp = tcp;
            }
            catch (SocketException e)
            {
                tcp.Stop();
                LogBindFailed(logger, "tcp", options.SyslogAddress, options.SyslogTcpPort, e.Message);
            }
        }
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { WriteLoopAsync() };
        if (_udp is not null)
        {
            loops.Add(UdpLoopAsync(_udp, stoppingToken));
        }
        if (_tcp is not null)
        {
            loops.Add(AcceptLoopAsync(_tcp, stoppingToken));
        }
        return Task.WhenAll(loops);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _udp?.Dispose();
        _tcp?.Stop();
        // No new lines; the write loop drains what is queued before the host goes on stopping (the silo stops after us).
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task UdpLoopAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            int received;
            try
            {
                received = (await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct)).ReceivedBytes;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (ct.IsCancellationRequested || e.SocketErrorCode == SocketError.OperationAborted)
            {
                return; // the socket closed under a pending receive at stop: not an error worth a warning
            }
            catch (SocketException e)
            {
                // ICMP port-unreachable and the like surface here on some systems; the socket stays usable.
                LogSocketError(logger, "udp", e.Message);
                continue;
            }
            await AcceptAsync(buffer.AsSpan(0, received).ToArray(), "syslog_udp", ct);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // InvalidOperationException: "Not listening", the listener was stopped (StopAsync) before the token.
                return;
            }
            catch (SocketException e)
            {
                if (!listener.Server.IsBound)
                {
                    return;
                }
                LogSocketError(logger, "tcp accept", e.Message);
                continue;
            }
            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                Reject("syslog_tcp", "too_many_connections");
                continue;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    await ConnectionAsync(client, ct);
                }
                finally
                {
                    Interlocked.Decrement(ref _connections);
                }
            }, CancellationToken.None);
        }
    }

    private async Task ConnectionAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            var splitter = new SyslogFrameSplitter(options.MaxLineBytes);
            var frames = new List<SyslogFrame>();
            var buffer = new byte[16 * 1024];
            try
            {
                var stream = client.GetStream();
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, ct);
                    if (read == 0)
                    {
                        splitter.Complete(frames);
                        await AcceptFramesAsync(frames, ct);
                        return;
                    }
                    splitter.Push(buffer.AsSpan(0, read), frames);
                    await AcceptFramesAsync(frames, ct);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The peer went away or the server stops; what was complete has been taken.
            }
        }
    }

    private async Task AcceptFramesAsync(List<SyslogFrame> frames, CancellationToken ct)
    {
        foreach (var frame in frames)
        {
            if (frame.Bytes is null)
            {
                Reject("syslog_tcp", frame.RejectReason!);
            }
            else
            {
                await AcceptAsync(frame.Bytes, "syslog_tcp", ct);
            }
        }
        frames.Clear();
    }

    private async ValueTask AcceptAsync(byte[] frame, string receiver, CancellationToken ct)
    {
        if (LogLineDecoder.TryDecodeSyslog(frame, options.MaxLineBytes, time.GetUtcNow().ToUnixTimeMilliseconds(), out var line, out var reason))
        {
            if (!_queue.Writer.TryWrite(line))
            {
                try
                {
                    await _queue.Writer.WriteAsync(line, ct);
                }
                catch (ChannelClosedException)
                {
                    // Stopping: the listener no longer takes lines; the sender sees its connection close.
                    Reject(receiver, "shutting_down");
                }
            }
        }
        else
        {
            Reject(receiver, reason);
        }
    }

    private void Reject(string receiver, string reason)
    {
        metrics.LinesRejected.WithLabels(receiver, reason).Inc();
        LogRejected(logger, receiver, reason);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<SourcedLogLine>(MaxBatch);
        try
        {
            // Not cancelled by the stopping token: a graceful stop completes the queue and this loop writes what is left.
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var line))
                {
                    batch.Add(line);
                }
                try
                {
                    await ingestor.IngestAsync(batch, "syslog");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Syslog has no way to say "retry": the batch is lost, and said so.
                    metrics.LinesRejected.WithLabels("syslog", "store_error").Inc(batch.Count);
                    LogStoreFailed(logger, batch.Count, e);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog {Transport}: {Error}")]
    private static partial void LogSocketError(ILogger logger, string transport, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "syslog {Transport} listener off: cannot bind {Address}:{Port} ({Error}); set Logs:SyslogUdpPort / Logs:SyslogTcpPort (0 turns it off)")]
    private static partial void LogBindFailed(ILogger logger, string transport, string address, int port, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Receiver}: line rejected ({Reason})")]
    private static partial void LogRejected(ILogger logger, string receiver, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "syslog: {Count} lines could not be stored and are lost")]
    private static partial void LogStoreFailed(ILogger logger, int count, Exception exception);
}
