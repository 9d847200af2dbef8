using Prometheus;

namespace Vigil.Engine.Logs;

/// <summary>Metrics of the log path, in the server's registry next to <see cref="Telemetry.VigilMetrics"/>.</summary>
public sealed class LogMetrics
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public LogMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        LinesIngested = f.CreateCounter("vigil_log_lines_ingested_total", "Log lines mined and stored, by receiver.", "receiver");
        LinesRejected = f.CreateCounter("vigil_log_lines_rejected_total", "Log lines or frames refused, by receiver and reason.", "receiver", "reason");
        TemplatesCreated = f.CreateCounter("vigil_log_templates_created_total", "Log templates created.");
        NewPatternSignalsSuppressed = f.CreateCounter("vigil_log_new_pattern_signals_suppressed_total", "New-pattern signals not raised: past the per-source per-minute cap.");
    }

    /// <summary><c>vigil_log_lines_ingested_total{receiver}</c>.</summary>
    public Counter LinesIngested { get; }

    /// <summary><c>vigil_log_lines_rejected_total{receiver,reason}</c>.</summary>
    public Counter LinesRejected { get; }

    /// <summary><c>vigil_log_new_pattern_signals_suppressed_total</c>.</summary>
    public Counter NewPatternSignalsSuppressed { get; }

    /// <summary><c>vigil_log_templates_created_total</c>.</summary>
    public Counter TemplatesCreated { get; }
}
