namespace Vigil.Core.Storage;

/// <summary>A log template of one source as stored: text, counts and when it was first and last seen.</summary>
/// <param name="Key">Identity across sources: <c>SOURCE:T12</c>.</param>
/// <param name="Source">The log source (service or app name).</param>
/// <param name="Text">The template, <c>&lt;*&gt;</c> for variables.</param>
/// <param name="Count">Lines that joined it.</param>
/// <param name="FirstSeen">When its first line arrived.</param>
/// <param name="LastSeen">When its latest line arrived.</param>
/// <param name="IsNew">Created after the source's warm-up (it raised a new-pattern signal).</param>
public sealed record StoredLogTemplate(string Key, string Source, string Text, long Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool IsNew);

/// <summary>A raw line as kept (until retention removes it).</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="Source">The log source.</param>
/// <param name="TemplateKey">The template it joined (<see cref="StoredLogTemplate.Key"/>).</param>
/// <param name="Line">The line as received.</param>
public sealed record StoredLogLine(DateTimeOffset Time, string Source, string TemplateKey, string Line);

/// <summary>One write of a log shard: templates touched, lines and per-minute counts, all or nothing.</summary>
/// <param name="Templates">Templates to insert or replace.</param>
/// <param name="Lines">Raw lines to keep.</param>
/// <param name="MinuteCounts">Count increments per (template key, minute start in Unix ms).</param>
/// <param name="MinerSnapshot">The source's template miner state, when it changed.</param>
/// <param name="Absorbed">
/// Templates generalized into another (word-slot merge): the row of <c>From</c> goes, its lines and minute counts move
/// to <c>Into</c>. Applied before <paramref name="Templates"/>, whose row for <c>Into</c> already holds the summed count.
/// </param>
public sealed record LogWrite(
    IReadOnlyList<StoredLogTemplate> Templates,
    IReadOnlyList<StoredLogLine> Lines,
    IReadOnlyList<(string TemplateKey, long MinuteMs, long Count)> MinuteCounts,
    byte[]? MinerSnapshot,
    IReadOnlyList<(string From, string Into)>? Absorbed = null);

/// <summary>Filters for a log query; null means "any".</summary>
public sealed record LogQuery
{
    /// <summary>Only this source.</summary>
    public string? Source { get; init; }

    /// <summary>Only lines of this template.</summary>
    public string? TemplateKey { get; init; }

    /// <summary>Only templates or lines containing this text (case-insensitive for ASCII).</summary>
    public string? Text { get; init; }

    /// <summary>Most items returned (default 100).</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Log templates, their per-minute counts, raw lines with retention, and template miner snapshots.</summary>
public interface ILogStore
{
    /// <summary>Writes one shard's batch in one transaction.</summary>
    Task WriteAsync(string source, LogWrite write, CancellationToken cancellationToken = default);

    /// <summary>Templates matching the query, most lines first.</summary>
    Task<IReadOnlyList<StoredLogTemplate>> TemplatesAsync(LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>The template with this key, if any.</summary>
    Task<StoredLogTemplate?> FindTemplateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lines matching the query, newest first.</summary>
    Task<IReadOnlyList<StoredLogLine>> LinesAsync(LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>Per-minute counts of a template at or after <paramref name="fromMs"/>, oldest first.</summary>
    Task<IReadOnlyList<(long MinuteMs, long Count)>> MinuteCountsAsync(string templateKey, long fromMs, CancellationToken cancellationToken = default);

    /// <summary>The latest template miner snapshot of a source, or null.</summary>
    Task<byte[]?> LoadMinerAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Replaces the saved log-rate baselines of a source (the log shard's encoding).</summary>
    Task SaveRatesAsync(string source, byte[] snapshot, CancellationToken cancellationToken = default);

    /// <summary>The saved log-rate baselines of a source, or null.</summary>
    Task<byte[]?> LoadRatesAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Deletes lines and minute counts older than <paramref name="cutoff"/>; returns how many lines went.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
