namespace Vigil.Storage.Sqlite;

/// <summary>Settings of the embedded store; validated when the store opens.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Directory of the database files (<c>vigil.db</c>, <c>journal.db</c>); created when absent.</summary>
    public string DataDirectory { get; init; } = "";

    /// <summary>How long sealed chunks are kept (default 15 days).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(15);

    /// <summary>
    /// Re-encode written chunks with XOR windows planned for the whole chunk (<c>XorChunk.Compact</c>): same format and
    /// samples, ~11% fewer bytes, ~0.2–0.4 µs per sample of CPU on the writing thread (default true).
    /// </summary>
    public bool CompactChunks { get; init; } = true;

    /// <summary>Most journal appends committed together in one transaction and fsync (default 512).</summary>
    public int JournalMaxGroup { get; init; } = 512;

    /// <summary>Snappy-compress journal rows when that makes them smaller (default true).</summary>
    public bool JournalCompression { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException($"{nameof(SqliteStoreOptions)}.{nameof(DataDirectory)} must name a directory", nameof(DataDirectory));
        }
        if (DataDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new ArgumentException($"{nameof(SqliteStoreOptions)}.{nameof(DataDirectory)} \"{DataDirectory}\" holds characters invalid in a path", nameof(DataDirectory));
        }
        if (Retention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Retention), Retention, $"{nameof(SqliteStoreOptions)}.{nameof(Retention)} must be positive");
        }
        if (JournalMaxGroup is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(JournalMaxGroup), JournalMaxGroup, $"{nameof(SqliteStoreOptions)}.{nameof(JournalMaxGroup)} must lie in [1, 100000]");
        }
    }
}
