using Vigil.Logs.Formats;

namespace Vigil.Engine.Logs;

/// <summary>One log record as received, for its source's shard.</summary>
/// <param name="TimeMs">When it arrived (Unix ms); per-minute counts and retention use it.</param>
/// <param name="Message">The message without its header: what template mining looks at.</param>
/// <param name="Raw">The line as received, kept for the lines API.</param>
/// <param name="Severity">The level the line states (syslog severity, JSON level, OTLP severity, header <c>&lt;Level&gt;</c>).</param>
[GenerateSerializer, Immutable, Alias("vigil.LogLine")]
public sealed record LogLine(
    [property: Id(0)] long TimeMs, [property: Id(1)] string Message, [property: Id(2)] string Raw, [property: Id(3)] LogSeverity Severity = LogSeverity.Unknown);

/// <summary>What a log shard did with a batch.</summary>
/// <param name="Accepted">Lines mined and stored.</param>
/// <param name="NewTemplates">Templates created by the batch.</param>
/// <param name="NewPatternSignals">New-pattern signals raised (templates created after warm-up).</param>
/// <param name="AnomalySignalChanges">Log anomaly signals opened, raised in severity or closed (rate and error share).</param>
[GenerateSerializer, Immutable, Alias("vigil.LogAppendResult")]
public sealed record LogAppendResult(
    [property: Id(0)] int Accepted, [property: Id(1)] int NewTemplates, [property: Id(2)] int NewPatternSignals, [property: Id(3)] int AnomalySignalChanges = 0)
{
    /// <summary>Nothing done.</summary>
    public static LogAppendResult Empty { get; } = new(0, 0, 0);

    /// <summary>Sums two results.</summary>
    public LogAppendResult Add(LogAppendResult other) =>
        new(Accepted + other.Accepted, NewTemplates + other.NewTemplates, NewPatternSignals + other.NewPatternSignals, AnomalySignalChanges + other.AnomalySignalChanges);
}
