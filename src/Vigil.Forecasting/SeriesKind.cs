namespace Vigil.Forecasting;

/// <summary>What a series measures, as Prometheus types it: values alone cannot tell a counter from a gauge.</summary>
public enum SeriesKind
{
    /// <summary>A value that may go up and down (bytes used, CPU share, queue length); drops are real.</summary>
    Gauge = 0,

    /// <summary>A monotone total (requests served, bytes written); any drop is a reset of the counter, not a real fall.</summary>
    Counter,
}
