namespace Vigil.Engine.Logs;

/// <summary>Settings of the log shards.</summary>
public sealed record LogShardOptions
{
    /// <summary>
    /// Lines a source must have sent before a new template counts as a new pattern (before that, every template is
    /// new). Default 1000.
    /// </summary>
    public int WarmupLines { get; init; } = 1000;

    /// <summary>Example lines a new-pattern signal carries (from the batch that created the template). Default 3.</summary>
    public int ExampleLines { get; init; } = 3;

    /// <summary>Most templates kept per source (least recently used go first). Default 10,000.</summary>
    public int MaxTemplatesPerSource { get; init; } = 10_000;

    /// <summary>Most new-pattern signals a source raises per minute; past it they are counted, not raised. Default 20.</summary>
    public int MaxNewPatternSignalsPerMinute { get; init; } = 20;

    /// <summary>Most template-rate anomaly signals a source opens per minute, the most severe first. Default 10.</summary>
    public int MaxRateSignalsPerMinute { get; init; } = 10;

    /// <summary>Lines a minute needs before its error/warning share is a point of the series. Default 20.</summary>
    public int MinLinesForErrorShare { get; init; } = 20;

    /// <summary>Lines per template per minute kept (reservoir sample) for a signal's parameter statistics. Default 16.</summary>
    public int SampleLines { get; init; } = 16;

    /// <summary>Templates an error-share signal names as having driven it. Default 3.</summary>
    public int MaxDriverTemplates { get; init; } = 3;

    /// <summary>Consecutive normal minutes that close a log anomaly signal. Default 5 (as metric signals).</summary>
    public int PointsToClearSignal { get; init; } = 5;

    /// <summary>
    /// How often a log shard closes the minutes its source left without lines (so a source that falls silent shows its
    /// drop without speaking again). Default 30 s.
    /// </summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after a minute ends a tick waits before closing it: lines of that minute still on their way. Default 15 s.</summary>
    public TimeSpan MinuteGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often (at most) a log shard writes its learned rate baselines to <c>logs.db</c> when they changed; also
    /// written when the shard deactivates. Default 5 minutes.
    /// </summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming a bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupLines, nameof(WarmupLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExampleLines, 1, nameof(ExampleLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTemplatesPerSource, 1, nameof(MaxTemplatesPerSource));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxNewPatternSignalsPerMinute, nameof(MaxNewPatternSignalsPerMinute));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRateSignalsPerMinute, nameof(MaxRateSignalsPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinLinesForErrorShare, 1, nameof(MinLinesForErrorShare));
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleLines, 1, nameof(SampleLines));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDriverTemplates, nameof(MaxDriverTemplates));
        ArgumentOutOfRangeException.ThrowIfLessThan(PointsToClearSignal, 1, nameof(PointsToClearSignal));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TickInterval, TimeSpan.Zero, nameof(TickInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(MinuteGrace.Ticks, nameof(MinuteGrace));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SnapshotInterval, TimeSpan.Zero, nameof(SnapshotInterval));
    }
}
