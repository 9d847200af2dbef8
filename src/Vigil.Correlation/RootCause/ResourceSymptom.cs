using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// Whether a signal is about a resource of its entity (CPU, memory, disk, filesystem) rather than the service it gives
/// its callers (latency, errors, traffic, log errors). Callers feel a dependency only through the latter: a memory dip
/// on a queue does not slow the services calling it unless its own latency or errors move too. Told from the metric
/// name of metric anomalies and forecast breaches, by the words Prometheus exporters and OpenTelemetry's semantic
/// conventions use (<c>process_cpu_seconds_total</c>, <c>node_filesystem_avail_bytes</c>, <c>system.memory.usage</c>).
/// An external alert always counts as a service symptom whatever its name: someone wrote its rule as a definition of
/// broken (a critical <c>DiskFull</c> on a database is the outage), where a metric anomaly only says unusual. Anything
/// else counts as a service symptom too, as before this distinction existed.
/// </summary>
public static class ResourceSymptom
{
    private static readonly string[] ResourceWords = ["cpu", "memory", "mem", "memstats", "heap", "swap", "disk", "filesystem", "inode", "inodes", "fs"];

    /// <summary>True when <paramref name="signal"/> is about a resource of its entity, not its service.</summary>
    public static bool IsResource(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var name = signal.Kind is SignalKind.MetricAnomaly or SignalKind.ForecastBreach ? signal.Labels.Get(Label.MetricName) : null;
        return name is not null && HasResourceWord(name);
    }

    /// <summary>True when a name has a resource word among its parts (split at <c>_ . -</c> and at lower-to-upper
    /// case changes: <c>HighCpuUsage</c> → high, cpu, usage).</summary>
    public static bool HasResourceWord(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            var boundary = i == name.Length || name[i] is '_' or '.' or '-' || (char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
            if (!boundary)
            {
                continue;
            }
            var word = name.AsSpan(start, i - start).TrimStart("_.-");
            foreach (var resource in ResourceWords)
            {
                if (word.Equals(resource, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            start = i;
        }
        return false;
    }
}
