using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// One SQLite file in WAL mode: a single writer connection behind a lock (SQLite has one writer at a time anyway)
/// and pooled reader connections, which WAL lets run beside the writer.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteDatabase(string path, string schema)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        // WAL: readers never block the writer. synchronous=FULL: a commit returns after the WAL is fsynced,
        // which is what "durable before the acknowledgement" needs.
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;");
        Execute(_writer, schema);
        Path = path;
    }

    public string Path { get; }

    /// <summary>Takes the writer; dispose the lease to release it.</summary>
    public WriterLease Write()
    {
        _writeLock.Wait();
        return new WriterLease(this);
    }

    /// <summary>Takes the writer asynchronously.</summary>
    public async ValueTask<WriterLease> WriteAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        return new WriterLease(this);
    }

    /// <summary>A reader connection from the pool; dispose it to return it.</summary>
    public SqliteConnection Read()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            using (var command = _writer.CreateCommand())
            {
                // Fold the WAL back into the database so a closed store is one file per database.
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }
            _writer.Dispose();
            using var probe = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(probe);
        }
        finally
        {
            _writeLock.Release();
            _writeLock.Dispose();
        }
    }

    /// <summary>Exclusive use of the writer connection.</summary>
    internal readonly struct WriterLease(SqliteDatabase database) : IDisposable
    {
        public SqliteConnection Connection => database._writer;

        public void Dispose() => database._writeLock.Release();
    }
}
