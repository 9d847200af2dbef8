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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming a bad setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupLines, nameof(WarmupLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(ExampleLines, 1, nameof(ExampleLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTemplatesPerSource, 1, nameof(MaxTemplatesPerSource));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxNewPatternSignalsPerMinute, nameof(MaxNewPatternSignalsPerMinute));
    }
}
