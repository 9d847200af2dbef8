using System.Globalization;
using Vigil.Simulation.Faults;

namespace Vigil.Simulation.Generation;

/// <summary>The log messages services write: ordinary ones all the time, error and warning ones while a fault degrades them.</summary>
internal static class LogTemplates
{
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];
    private static readonly string[] Paths = ["/api/v1/items", "/api/v1/orders", "/api/v1/users/me", "/api/v1/cart", "/healthz", "/api/v2/search", "/api/v1/prices", "/api/v1/sessions"];
    private static readonly string[] Classes = ["OrderHandler", "CartService", "PriceCalculator", "SessionStore", "RequestRouter", "InventoryClient"];

    private static readonly Func<Random, string, string>[] Info =
    [
        static (r, s) => F($"{Pick(r, Methods)} {Pick(r, Paths)} 200 {r.Next(2, 180)} ms"),
        static (r, s) => F($"request completed status=200 duration_ms={r.Next(1, 250)} trace_id={Hex(r, 16)}"),
        static (r, s) => F($"cache hit ratio {r.Next(80, 99)}% over the last {r.Next(30, 300)} s"),
        static (r, s) => F($"connection pool stats: active={r.Next(1, 40)} idle={r.Next(0, 20)} waiting=0"),
        static (r, s) => F($"user {r.Next(10000, 99999)} logged in from {r.Next(1, 255)}.{r.Next(0, 255)}.{r.Next(0, 255)}.{r.Next(1, 255)}"),
        static (r, s) => F($"processed batch of {r.Next(10, 500)} messages in {r.Next(5, 900)} ms"),
        static (r, s) => F($"health check passed for {s} in {r.Next(1, 9)} ms"),
        static (r, s) => F($"scheduled job cleanup-{r.Next(1, 9)} finished, removed {r.Next(0, 1000)} rows"),
        static (r, s) => F($"config reloaded, {r.Next(20, 80)} keys, revision {r.Next(100, 999)}"),
        static (r, s) => F($"GC gen0 collection {r.Next(1, 30)} ms, heap {r.Next(100, 900)} MiB"),
        static (r, s) => F($"published event order.{Pick(r, ["created", "paid", "shipped"])} id={Hex(r, 12)}"),
        static (r, s) => F($"token refreshed for client {Hex(r, 8)}, expires in {r.Next(300, 3600)} s"),
        static (r, s) => F($"query executed rows={r.Next(0, 200)} duration_ms={r.Next(1, 40)}"),
        static (r, s) => F($"served {Pick(r, Paths)} from cache in {r.Next(1, 5)} ms"),
        static (r, s) => F($"accepted connection from 10.0.{r.Next(0, 255)}.{r.Next(1, 255)}:{r.Next(30000, 60000)}"),
    ];

    private static readonly Func<Random, string, string>[] Warn =
    [
        static (r, s) => F($"slow request: {Pick(r, Methods)} {Pick(r, Paths)} took {r.Next(1000, 9000)} ms (threshold 1000 ms)"),
        static (r, s) => F($"retrying call to {s} (attempt {r.Next(2, 4)}/3) after {r.Next(100, 2000)} ms"),
        static (r, s) => F($"request queue depth {r.Next(100, 2000)} exceeds soft limit 100"),
    ];

    /// <summary>An ordinary line.</summary>
    public static string Ordinary(Random random, string service) => Pick(random, Info)(random, service);

    /// <summary>A warning of slowness; <paramref name="dependency"/> is the slow callee, or the service itself.</summary>
    public static string Slow(Random random, string dependency) => Pick(random, Warn)(random, dependency);

    /// <summary>An error line for a fault of <paramref name="kind"/> felt by a service; <paramref name="dependency"/> is the callee it comes through, or null at the root.</summary>
    public static string Error(Random random, FaultKind kind, string? dependency, string version) => dependency is { } callee
        ? Pick(random, (ReadOnlySpan<string>)
        [
            F($"upstream {callee} returned 503 after {random.Next(200, 5000)} ms (attempt {random.Next(1, 4)}/3)"),
            F($"call to {callee} failed: context deadline exceeded after {random.Next(1000, 10000)} ms"),
            F($"circuit breaker for {callee} is open: {random.Next(5, 60)} failures in the last minute"),
            F($"request failed: {Pick(random, Methods)} {Pick(random, Paths)} status=502 trace_id={Hex(random, 16)}"),
        ])
        : kind switch
        {
            FaultKind.DependencyOutage => F($"connection refused: dial tcp 10.1.{random.Next(0, 255)}.{random.Next(1, 255)}:5432: connect: connection refused"),
            FaultKind.DiskFill => F($"write failed: no space left on device (/data/segment-{random.Next(1000, 9999)}.log)"),
            FaultKind.MemoryLeak => F($"GC pause {random.Next(300, 3000)} ms, heap {random.Next(1500, 4000)} MiB of limit 4096 MiB"),
            FaultKind.CpuHog => F($"event loop lag {random.Next(200, 3000)} ms, worker threads saturated"),
            FaultKind.BadDeploy => F($"unhandled exception: NullReferenceException at {Pick(random, Classes)}.Handle() in version {version}"),
            FaultKind.Latency => F($"query timeout after {random.Next(2000, 30000)} ms: SELECT … FROM {Pick(random, (ReadOnlySpan<string>)["orders", "items", "users", "prices"])}"),
            _ => F($"request failed: {Pick(random, Methods)} {Pick(random, Paths)} status=500 error=\"internal error\" trace_id={Hex(random, 16)}"),
        };

    private static T Pick<T>(Random random, ReadOnlySpan<T> items) => items[random.Next(items.Length)];

    private static string Hex(Random random, int digits)
    {
        Span<char> text = stackalloc char[digits];
        for (var i = 0; i < digits; i++)
        {
            text[i] = "0123456789abcdef"[random.Next(16)];
        }
        return new string(text);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
