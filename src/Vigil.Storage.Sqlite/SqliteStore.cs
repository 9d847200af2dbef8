using Vigil.Core.Storage;
using Vigil.Storage.Sqlite.Changes;
using Vigil.Storage.Sqlite.Chunks;
using Vigil.Storage.Sqlite.Incidents;
using Vigil.Storage.Sqlite.Journal;
using Vigil.Storage.Sqlite.Models;
using Vigil.Storage.Sqlite.Series;
using Vigil.Storage.Sqlite.Signals;
using Vigil.Storage.Sqlite.Topology;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// Vigil's embedded store in a data directory: <c>vigil.db</c> holds series, chunks, signals, incidents, topology and changes; <c>journal.db</c>
/// holds the ingest journal, apart so that its per-request fsyncs never wait behind a chunk flush; <c>models.db</c> holds
/// the series' learned models, apart so that snapshot rounds never wait behind (or hold up) a chunk flush.
/// Both are SQLite in WAL mode with synchronous=FULL. Open one store per directory per process.
/// </summary>
public sealed class SqliteStore : IAsyncDisposable
{
    /// <summary>File name of the main database.</summary>
    public const string MainFileName = "vigil.db";

    /// <summary>File name of the journal database.</summary>
    public const string JournalFileName = "journal.db";

    /// <summary>File held open exclusively while a store uses the directory.</summary>
    public const string LockFileName = "vigil.lock";

    private readonly FileStream _lockFile;
    private readonly SqliteDatabase _main;
    private readonly SqliteDatabase _journalDatabase;
    private readonly SqliteDatabase _modelsDatabase;
    private readonly SqliteSeriesIndex _series;
    private readonly SqliteIngestJournal _journal;
    private readonly TimeProvider _time;
    private int _disposed;

    private SqliteStore(SqliteStoreOptions options, TimeProvider time)
    {
        Options = options;
        _time = time;
        Directory.CreateDirectory(options.DataDirectory);
        _lockFile = TakeDirectoryLock(options.DataDirectory);
        _main = new SqliteDatabase(
            Path.Combine(options.DataDirectory, MainFileName),
            "PRAGMA user_version = 1;" + SqliteSeriesIndex.Schema + SqliteChunkStore.Schema + SqliteSignalStore.Schema
            + SqliteIncidentStore.Schema + SqliteTopologyStore.Schema + SqliteChangeStore.Schema);
        try
        {
            _journalDatabase = new SqliteDatabase(Path.Combine(options.DataDirectory, JournalFileName), "PRAGMA user_version = 1;" + SqliteIngestJournal.Schema);
            _modelsDatabase = new SqliteDatabase(Path.Combine(options.DataDirectory, SqliteModelStore.FileName), SqliteModelStore.Schema);
            _series = new SqliteSeriesIndex(_main);
            Chunks = new SqliteChunkStore(_main, options.CompactChunks);
            var signals = new SqliteSignalStore(_main);
            Signals = signals;
            Models = new SqliteModelStore(_modelsDatabase, signals);
            Topology = new SqliteTopologyStore(_main);
            Changes = new SqliteChangeStore(_main);
            Incidents = new SqliteIncidentStore(_main);
            _journal = new SqliteIngestJournal(_journalDatabase, options);
        }
        catch
        {
            _series?.Dispose();
            _modelsDatabase?.Dispose();
            _journalDatabase?.Dispose();
            _main.Dispose();
            _lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The journal's database, for tests that hold its writer or damage its rows.</summary>
    internal SqliteDatabase JournalDatabase => _journalDatabase;

    /// <summary>The settings the store was opened with.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>The series index (in memory, persisted).</summary>
    public ISeriesIndex Series => _series;

    /// <summary>Sealed chunks.</summary>
    public IChunkStore Chunks { get; }

    /// <summary>The ingest journal.</summary>
    public IIngestJournal Journal => _journal;

    /// <summary>The signals table.</summary>
    public ISignalStore Signals { get; }

    /// <summary>The series' learned models (<c>models.db</c>).</summary>
    public IModelStore Models { get; }

    /// <summary>Declared and inferred topology.</summary>
    public ITopologyStore Topology { get; }

    /// <summary>Change events (deploys, configuration changes).</summary>
    public IChangeStore Changes { get; }
    /// <summary>Incidents, silences and maintenance windows.</summary>
    public IIncidentStore Incidents { get; }

    /// <summary>Opens (creating when absent) the store in <see cref="SqliteStoreOptions.DataDirectory"/>.</summary>
    /// <param name="options">Settings; validated here, the message names a bad one.</param>
    /// <param name="time">The clock retention reads; the system clock when null.</param>
    public static SqliteStore Open(SqliteStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SqliteStore(options, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Deletes the chunks that ended before now − <see cref="SqliteStoreOptions.Retention"/>; the engine calls it
    /// periodically. Returns how many chunks went.
    /// </summary>
    public Task<int> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - Options.Retention;
        return Chunks.DeleteEndingBeforeAsync(cutoff.ToUnixTimeMilliseconds(), cancellationToken);
    }

    /// <summary>Waits for pending journal appends, then closes both databases.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _journal.DisposeAsync();
        _series.Dispose();
        _modelsDatabase.Dispose();
        _journalDatabase.Dispose();
        _main.Dispose();
        _lockFile.Dispose();
    }

    private static FileStream TakeDirectoryLock(string directory)
    {
        // Series ids are handed out from memory: two processes on one directory would hand out the same ids.
        var path = Path.Combine(directory, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"data directory \"{directory}\" is in use by another Vigil store ({path} is locked)", e);
        }
    }
}
