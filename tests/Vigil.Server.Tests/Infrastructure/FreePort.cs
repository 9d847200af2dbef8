using System.Net;
using System.Net.Sockets;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>Free loopback TCP ports, picked by the OS.</summary>
internal static class FreePort
{
    /// <summary>A port that was free a moment ago (bound to 0, read, released).</summary>
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary><c>http://127.0.0.1:PORT</c> on a free port.</summary>
    public static string LoopbackUrl() => $"http://127.0.0.1:{Next()}";
}
