using Microsoft.Data.Sqlite;
using Vigil.Core.Series;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Chunks;

/// <summary>
/// Sealed chunks as blobs in a rowid table, with a unique index on (series, min time) for range reads and one on max
/// time for retention. Not <c>WITHOUT ROWID</c>: there a blob over ~1000 bytes (a 480-sample counter chunk) spills
/// to a 4 KiB overflow page, which took a day of 480-sample chunks from 1.65 to 3.13 bytes/sample on disk.
/// Totals are kept in memory (computed once on open).
/// </summary>
internal sealed class SqliteChunkStore : IChunkStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS chunks(
            id INTEGER PRIMARY KEY,
            series INTEGER NOT NULL,
            min_t INTEGER NOT NULL,
            max_t INTEGER NOT NULL,
            count INTEGER NOT NULL,
            data BLOB NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS chunks_by_series ON chunks(series, min_t);
        CREATE INDEX IF NOT EXISTS chunks_by_max_t ON chunks(max_t);
        """;

    private readonly SqliteDatabase _database;
    private long _bytes;
    private long _samples;

    public SqliteChunkStore(SqliteDatabase database)
    {
        _database = database;
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(length(data)), 0), COALESCE(SUM(count), 0) FROM chunks";
        using var reader = command.ExecuteReader();
        reader.Read();
        _bytes = reader.GetInt64(0);
        _samples = reader.GetInt64(1);
    }

    public async Task WriteAsync(IReadOnlyList<SealedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            return;
        }
        foreach (var chunk in chunks)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(chunk.MaxTimeMs, chunk.MinTimeMs, nameof(chunks));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk.Count, nameof(chunks));
        }
        long bytes = 0, samples = 0;
        using (var lease = await _database.WriteAsync(cancellationToken))
        {
            var connection = lease.Connection;
            using var transaction = connection.BeginTransaction();
            // Replacing a chunk must take its old size out of the totals, hence DELETE … RETURNING first.
            using var delete = Command(connection, transaction, "DELETE FROM chunks WHERE series = $s AND min_t = $min RETURNING length(data), count");
            using var insert = Command(connection, transaction, "INSERT INTO chunks(series, min_t, max_t, count, data) VALUES($s, $min, $max, $n, $data)");
            var ds = delete.Parameters.Add("$s", SqliteType.Integer);
            var dmin = delete.Parameters.Add("$min", SqliteType.Integer);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var min = insert.Parameters.Add("$min", SqliteType.Integer);
            var max = insert.Parameters.Add("$max", SqliteType.Integer);
            var n = insert.Parameters.Add("$n", SqliteType.Integer);
            var data = insert.Parameters.Add("$data", SqliteType.Blob);
            foreach (var chunk in chunks)
            {
                ds.Value = s.Value = chunk.Series.Value;
                dmin.Value = min.Value = chunk.MinTimeMs;
                using (var reader = delete.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        bytes -= reader.GetInt64(0);
                        samples -= reader.GetInt64(1);
                    }
                }
                max.Value = chunk.MaxTimeMs;
                n.Value = chunk.Count;
                data.Value = chunk.Data.ToArray();
                insert.ExecuteNonQuery();
                bytes += chunk.Data.Length;
                samples += chunk.Count;
            }
            transaction.Commit();
        }
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _samples, samples);
    }

    public Task<IReadOnlyList<SealedChunk>> ReadAsync(SeriesId series, long minTimeMs, long maxTimeMs, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        // A series' chunks do not overlap, so only the last one starting at or before minTimeMs can reach into the
        // range from before it: the index seek starts there instead of at the series' oldest chunk.
        command.CommandText = """
            SELECT min_t, max_t, count, data FROM chunks INDEXED BY chunks_by_series
            WHERE series = $s AND min_t <= $max AND max_t >= $min
              AND min_t >= COALESCE((SELECT min_t FROM chunks WHERE series = $s AND min_t <= $min ORDER BY min_t DESC LIMIT 1), $min)
            ORDER BY min_t
            """;
        command.Parameters.AddWithValue("$s", series.Value);
        command.Parameters.AddWithValue("$min", minTimeMs);
        command.Parameters.AddWithValue("$max", maxTimeMs);
        var result = new List<SealedChunk>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new SealedChunk(series, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), (byte[])reader.GetValue(3)));
        }
        return Task.FromResult<IReadOnlyList<SealedChunk>>(result);
    }

    public Task<IReadOnlyDictionary<SeriesId, long>> MaxTimesAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT series, MAX(max_t) FROM chunks GROUP BY series";
        var result = new Dictionary<SeriesId, long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[new SeriesId(reader.GetInt64(0))] = reader.GetInt64(1);
        }
        return Task.FromResult<IReadOnlyDictionary<SeriesId, long>>(result);
    }

    public async Task<int> DeleteEndingBeforeAsync(long timeMs, CancellationToken cancellationToken = default)
    {
        int deleted = 0;
        long bytes = 0, samples = 0;
        using (var lease = await _database.WriteAsync(cancellationToken))
        {
            using var transaction = lease.Connection.BeginTransaction();
            using var command = Command(lease.Connection, transaction, "DELETE FROM chunks WHERE max_t < $t RETURNING length(data), count");
            command.Parameters.AddWithValue("$t", timeMs);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    deleted++;
                    bytes += reader.GetInt64(0);
                    samples += reader.GetInt64(1);
                }
            }
            transaction.Commit();
        }
        Interlocked.Add(ref _bytes, -bytes);
        Interlocked.Add(ref _samples, -samples);
        return deleted;
    }

    public Task<(long Bytes, long Samples)> StatsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult((Interlocked.Read(ref _bytes), Interlocked.Read(ref _samples)));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
