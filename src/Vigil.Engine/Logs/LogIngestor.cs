namespace Vigil.Engine.Logs;

/// <summary>A log record for ingest: its source and the line.</summary>
/// <param name="Source">The log source (service or app name); the shard key.</param>
/// <param name="Line">The record.</param>
public readonly record struct SourcedLogLine(string Source, LogLine Line);

/// <summary>Sends received log lines to their sources' <see cref="ILogShardGrain"/>s, one call per source per batch.</summary>
public sealed class LogIngestor(IGrainFactory grains, LogMetrics metrics)
{
    /// <summary>Groups the lines by source and appends each group to its shard.</summary>
    /// <param name="lines">Lines in arrival order.</param>
    /// <param name="receiver">The receiver's name, for metrics.</param>
    public async Task<LogAppendResult> IngestAsync(IReadOnlyList<SourcedLogLine> lines, string receiver)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return LogAppendResult.Empty;
        }
        var bySource = new Dictionary<string, List<LogLine>>(StringComparer.Ordinal);
        foreach (var (source, line) in lines)
        {
            if (!bySource.TryGetValue(source, out var group))
            {
                bySource[source] = group = [];
            }
            group.Add(line);
        }
        var calls = new List<Task<LogAppendResult>>(bySource.Count);
        foreach (var (source, group) in bySource)
        {
            calls.Add(grains.GetGrain<ILogShardGrain>(source).AppendAsync([.. group]));
        }
        var total = LogAppendResult.Empty;
        foreach (var result in await Task.WhenAll(calls))
        {
            total = total.Add(result);
        }
        metrics.LinesIngested.WithLabels(receiver).Inc(total.Accepted);
        return total;
    }
}
