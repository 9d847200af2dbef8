using System.Globalization;
using System.Text;
using Vigil.Core.Ingest;
using Vigil.Core.Series;

namespace Vigil.Benchmarks.Ingest;

/// <summary>
/// Realistic ingest traffic for the decoder benchmarks: a fleet of hosts running node_exporter, 1,000 series per
/// host, cut into requests of 10,000 samples as a Prometheus remote_write queue sends them (one sample per series
/// per scrape). Deterministic: fixed seed.
/// </summary>
internal static class NodeExporterRequests
{
    public const int SamplesPerRequest = 10_000;

    /// <summary>
    /// <paramref name="activeSeries"/> node-exporter-like series, in requests of <see cref="SamplesPerRequest"/>
    /// samples (one per series, all at the same scrape timestamp, as remote write sends them).
    /// </summary>
    public static MetricBatch[] RemoteWriteBatches(int activeSeries)
    {
        var random = new Random(20261129);
        var series = new List<SeriesKey>(activeSeries);
        for (var host = 0; series.Count < activeSeries; host++)
        {
            AddHost(series, host, activeSeries);
        }
        var timestamp = 1_764_400_000_000L;
        var batches = new MetricBatch[activeSeries / SamplesPerRequest];
        for (var b = 0; b < batches.Length; b++)
        {
            var list = new SeriesSamples[SamplesPerRequest];
            for (var i = 0; i < SamplesPerRequest; i++)
            {
                var key = series[(b * SamplesPerRequest) + i];
                var value = key.MetricName.EndsWith("_total", StringComparison.Ordinal)
                    ? Math.Round(random.NextDouble() * 1e7, 2)
                    : Math.Round(random.NextDouble() * 100, 3);
                list[i] = new SeriesSamples(key, [new Sample(timestamp + random.Next(0, 15_000), value)]);
            }
            batches[b] = new MetricBatch(list);
        }
        return batches;
    }

    private static void AddHost(List<SeriesKey> series, int host, int max)
    {
        var instance = $"node-{host:D4}.dc1.example.com:9100";
        void Add(string metric, params string[] extra)
        {
            if (series.Count >= max)
            {
                return;
            }
            string[] labels = ["__name__", metric, "instance", instance, "job", "node", "region", "eu-west-1", .. extra];
            series.Add(SeriesKey.Create(Labels.From(labels)));
        }

        string[] modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
        for (var cpu = 0; cpu < 32; cpu++)
        {
            foreach (var mode in modes)
            {
                Add("node_cpu_seconds_total", "cpu", cpu.ToString(CultureInfo.InvariantCulture), "mode", mode);
            }
            Add("node_cpu_scaling_frequency_hertz", "cpu", cpu.ToString(CultureInfo.InvariantCulture));
        }
        string[] devices = ["eth0", "eth1", "lo", "docker0", "veth1a2b3c", "veth4d5e6f"];
        string[] netMetrics = ["receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets", "receive_errs", "transmit_errs", "receive_drop", "transmit_drop"];
        foreach (var device in devices)
        {
            foreach (var m in netMetrics)
            {
                Add($"node_network_{m}_total", "device", device);
            }
        }
        string[] mounts = ["/", "/boot", "/var", "/var/lib/docker", "/home", "/tmp"];
        string[] fsMetrics = ["avail_bytes", "free_bytes", "size_bytes", "files", "files_free", "readonly", "device_error"];
        for (var m = 0; m < mounts.Length; m++)
        {
            foreach (var fs in fsMetrics)
            {
                Add($"node_filesystem_{fs}", "device", $"/dev/nvme0n1p{m + 1}", "fstype", m == 1 ? "vfat" : "ext4", "mountpoint", mounts[m]);
            }
        }
        string[] disks = ["nvme0n1", "nvme1n1", "sda", "sdb"];
        string[] diskMetrics = ["reads_completed", "writes_completed", "read_bytes", "written_bytes", "io_time_seconds", "read_time_seconds", "write_time_seconds", "discards_completed"];
        foreach (var disk in disks)
        {
            foreach (var m in diskMetrics)
            {
                Add($"node_disk_{m}_total", "device", disk);
            }
        }
        string[] memory = ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapTotal", "SwapFree", "Active", "Inactive", "Dirty", "Writeback", "Slab", "Shmem", "Mapped", "PageTables", "Committed_AS"];
        foreach (var m in memory)
        {
            Add($"node_memory_{m}_bytes");
        }
        string[] singles = ["node_load1", "node_load5", "node_load15", "node_boot_time_seconds", "node_time_seconds", "node_context_switches_total", "node_forks_total", "node_intr_total", "node_procs_running", "node_procs_blocked", "node_entropy_available_bits", "node_filefd_allocated", "node_filefd_maximum"];
        foreach (var m in singles)
        {
            Add(m);
        }
        // Pad to 1,000 series per host with per-collector and systemd unit series.
        for (var unit = 0; series.Count % 1000 != 0 && series.Count < max; unit++)
        {
            Add("node_systemd_unit_state", "name", $"service-{unit:D3}.service", "state", (unit % 5) switch { 0 => "active", 1 => "inactive", 2 => "failed", 3 => "activating", _ => "deactivating" }, "type", "simple");
        }
    }

    /// <summary>
    /// The same fleet as Telegraf reports it in Influx line protocol: one line per host and measurement with its
    /// fields, 10,000 numeric fields per request, nanosecond timestamps.
    /// </summary>
    public static byte[][] InfluxBodies(int activeSeries)
    {
        var random = new Random(20261129);
        var bodies = new byte[activeSeries / SamplesPerRequest][];
        var timestamp = 1_764_400_000_000_000_000L;
        var host = 0;
        for (var b = 0; b < bodies.Length; b++)
        {
            var sb = new StringBuilder(SamplesPerRequest * 40);
            var fields = 0;
            while (fields < SamplesPerRequest)
            {
                fields += AppendHost(sb, random, $"node-{host++:D4}.dc1.example.com", timestamp, SamplesPerRequest - fields);
            }
            bodies[b] = Encoding.UTF8.GetBytes(sb.ToString());
        }
        return bodies;
    }

    private static int AppendHost(StringBuilder sb, Random random, string host, long timestamp, int budget)
    {
        var written = 0;
        void Line(string measurementAndTags, params string[] fieldNames)
        {
            if (written + fieldNames.Length > budget)
            {
                return;
            }
            sb.Append(measurementAndTags).Append(",host=").Append(host).Append(",region=eu-west-1 ");
            for (var f = 0; f < fieldNames.Length; f++)
            {
                sb.Append(f == 0 ? "" : ",").Append(fieldNames[f]).Append('=');
                if (f % 3 == 2)
                {
                    sb.Append(random.Next(0, 1_000_000).ToString(CultureInfo.InvariantCulture)).Append('i');
                }
                else
                {
                    sb.Append(Math.Round(random.NextDouble() * 100, 3).ToString(CultureInfo.InvariantCulture));
                }
            }
            sb.Append(' ').Append(timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n');
            written += fieldNames.Length;
        }

        string[] cpuFields = ["usage_guest", "usage_guest_nice", "usage_idle", "usage_iowait", "usage_irq", "usage_nice", "usage_softirq", "usage_steal", "usage_system", "usage_user"];
        for (var cpu = 0; cpu < 32; cpu++)
        {
            Line($"cpu,cpu=cpu{cpu}", cpuFields);
        }
        foreach (var device in new[] { "eth0", "eth1", "lo", "docker0" })
        {
            Line($"net,interface={device}", "bytes_recv", "bytes_sent", "packets_recv", "packets_sent", "err_in", "err_out", "drop_in", "drop_out");
        }
        foreach (var (path, device) in new[] { ("/", "nvme0n1p1"), ("/boot", "nvme0n1p2"), ("/var", "nvme0n1p3"), ("/home", "nvme0n1p4") })
        {
            Line($"disk,device={device},fstype=ext4,mode=rw,path={path}", "free", "inodes_free", "inodes_total", "inodes_used", "total", "used", "used_percent");
        }
        foreach (var disk in new[] { "nvme0n1", "nvme1n1", "sda", "sdb" })
        {
            Line($"diskio,name={disk}", "io_time", "iops_in_progress", "merged_reads", "merged_writes", "read_bytes", "read_time", "reads", "weighted_io_time", "write_bytes", "write_time", "writes");
        }
        Line("mem", "active", "available", "available_percent", "buffered", "cached", "committed_as", "dirty", "free", "inactive", "mapped", "page_tables", "shared", "slab", "swap_free", "swap_total", "total", "used", "used_percent");
        Line("system", "load1", "load5", "load15", "n_cpus", "n_users", "uptime");
        Line("processes", "blocked", "dead", "idle", "paging", "running", "sleeping", "stopped", "total", "total_threads", "unknown", "zombies");
        Line("kernel", "boot_time", "context_switches", "entropy_avail", "interrupts", "processes_forked");
        return written;
    }
}
