namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// Timestamps for test samples: recent enough that retention keeps them, on whole seconds so the API's
/// Unix-seconds rendering is exact. The server keeps wall-clock time for retention and head ages only.
/// </summary>
internal static class TestTime
{
    /// <summary>Two hours ago, rounded down to the minute, in Unix milliseconds.</summary>
    public static long BaseMs { get; } = (TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 60_000 * 60_000) - (2 * 3_600_000);
}
