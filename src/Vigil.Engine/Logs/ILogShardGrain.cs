namespace Vigil.Engine.Logs;

/// <summary>
/// The logs of one source (service or app name, the grain key): its template miner, per-template counts per minute,
/// and new-pattern signals once the source is warmed up.
/// </summary>
public interface ILogShardGrain : IGrainWithStringKey
{
    /// <summary>Mines the lines, stores them with their templates and raises new-pattern signals.</summary>
    Task<LogAppendResult> AppendAsync(LogLine[] lines);
}
