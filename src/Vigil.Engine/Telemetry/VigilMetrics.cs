using Prometheus;

namespace Vigil.Engine.Telemetry;

/// <summary>Vigil's own metrics, exposed at <c>/metrics</c>. One registry per server instance.</summary>
public sealed class VigilMetrics
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public VigilMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var f = Metrics.WithCustomRegistry(registry);
        SamplesIngested = f.CreateCounter("vigil_samples_ingested_total", "Samples appended to series.", "receiver");
        SamplesRejected = f.CreateCounter("vigil_samples_rejected_total", "Samples refused, by reason.", "receiver", "reason");
        RequestsRejected = f.CreateCounter("vigil_requests_rejected_total", "Ingest requests refused whole, by reason.", "receiver", "reason");
        RequestDuration = f.CreateHistogram("vigil_http_request_duration_seconds", "HTTP request latency.", new HistogramConfiguration
        {
            LabelNames = ["endpoint", "code"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });
        ShardQueueDepth = f.CreateGauge("vigil_shard_queue_depth", "Batches sent to a shard and not yet applied.", "shard");
        InFlightSamples = f.CreateGauge("vigil_ingest_in_flight_samples", "Samples accepted and not yet applied.");
        JournalBytes = f.CreateGauge("vigil_journal_bytes", "Bytes held by the ingest journal.");
        ChunksSealed = f.CreateCounter("vigil_chunks_sealed_total", "Head chunks sealed and written.");
        ActiveSeries = f.CreateGauge("vigil_active_series", "Series with an in-memory head chunk.");
        SignalsEmitted = f.CreateCounter("vigil_signals_emitted_total", "Signals opened, by kind.", "kind");
        NotificationAttempts = f.CreateCounter("vigil_notification_attempts_total", "Attempts to reach a notification receiver, by outcome.", "receiver", "outcome");
        Notifications = f.CreateCounter("vigil_notifications_total", "Notifications per receiver, by final result (sent, failed, deduplicated).", "receiver", "result");
        NotificationsDropped = f.CreateCounter("vigil_notifications_dropped_total", "Notifications dropped, oldest first, from a full queue.", "queue");
    }

    /// <summary>The registry to expose.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary><c>vigil_samples_ingested_total{receiver}</c>.</summary>
    public Counter SamplesIngested { get; }

    /// <summary><c>vigil_samples_rejected_total{receiver,reason}</c>.</summary>
    public Counter SamplesRejected { get; }

    /// <summary><c>vigil_requests_rejected_total{receiver,reason}</c>.</summary>
    public Counter RequestsRejected { get; }

    /// <summary><c>vigil_http_request_duration_seconds{endpoint,code}</c>.</summary>
    public Histogram RequestDuration { get; }

    /// <summary><c>vigil_shard_queue_depth{shard}</c>.</summary>
    public Gauge ShardQueueDepth { get; }

    /// <summary><c>vigil_ingest_in_flight_samples</c>.</summary>
    public Gauge InFlightSamples { get; }

    /// <summary><c>vigil_journal_bytes</c>.</summary>
    public Gauge JournalBytes { get; }

    /// <summary><c>vigil_chunks_sealed_total</c>.</summary>
    public Counter ChunksSealed { get; }

    /// <summary><c>vigil_active_series</c>.</summary>
    public Gauge ActiveSeries { get; }

    /// <summary><c>vigil_signals_emitted_total{kind}</c>.</summary>
    public Counter SignalsEmitted { get; }

    /// <summary><c>vigil_notification_attempts_total{receiver,outcome}</c>.</summary>
    public Counter NotificationAttempts { get; }

    /// <summary><c>vigil_notifications_total{receiver,result}</c>.</summary>
    public Counter Notifications { get; }

    /// <summary><c>vigil_notifications_dropped_total{queue}</c>.</summary>
    public Counter NotificationsDropped { get; }
}
