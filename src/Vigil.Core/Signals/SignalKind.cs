namespace Vigil.Core.Signals;

/// <summary>What found a signal. Every analyzer speaks in signals; this says which one spoke.</summary>
public enum SignalKind
{
    /// <summary>A metric series left its learned normal range.</summary>
    MetricAnomaly,
    /// <summary>A log template's rate or share became abnormal.</summary>
    LogAnomaly,
    /// <summary>A log template never seen before appeared after warm-up.</summary>
    NewLogPattern,
    /// <summary>An SLO's error budget burns too fast.</summary>
    SloBurn,
    /// <summary>A forecast crosses a capacity limit.</summary>
    ForecastBreach,
    /// <summary>An alert from another system, e.g. Alertmanager.</summary>
    ExternalAlert,
}
