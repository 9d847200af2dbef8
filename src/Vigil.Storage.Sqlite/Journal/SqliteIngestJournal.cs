using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Vigil.Core.Ingest;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Journal;

/// <summary>
/// The ingest journal in its own database file (so its fsyncs do not queue behind chunk writes). Callers encode
/// their batch on their own thread and hand the row to one writer loop, which commits everything waiting in one
/// transaction — one fsync for many concurrent appends (group commit) — and then completes each caller.
/// </summary>
internal sealed class SqliteIngestJournal : IIngestJournal, IAsyncDisposable
{
    public const string Schema = "CREATE TABLE IF NOT EXISTS journal(seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);";

    private readonly SqliteDatabase _database;
    private readonly bool _compress;
    private readonly int _maxGroup;
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new() { SingleReader = true });
    private readonly Task _writer;
    private long _sizeBytes;
    private long _commits;
    private int _waiting;

    public SqliteIngestJournal(SqliteDatabase database, SqliteStoreOptions options)
    {
        _database = database;
        _compress = options.JournalCompression;
        _maxGroup = options.JournalMaxGroup;
        using (var connection = database.Read())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(SUM(length(data)), 0) FROM journal";
            _sizeBytes = (long)command.ExecuteScalar()!;
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    public long SizeBytes => Interlocked.Read(ref _sizeBytes);

    /// <summary>Appends handed to the writer and not yet answered.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Transactions committed so far (each one fsync), to show group commit at work.</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    public async Task<long> AppendAsync(MetricBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(BatchCodec.Encode(batch, _compress));
        Interlocked.Increment(ref _waiting);
        if (!_pending.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _waiting);
            ObjectDisposedException.ThrowIf(true, this);
        }
        try
        {
            // Cancellation stops the wait, not the write: the batch may still become durable.
            return await pending.Done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public async IAsyncEnumerable<JournalEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, data FROM journal ORDER BY seq";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            if (reader.GetValue(1) is not byte[] data)
            {
                yield return new JournalEntry(sequence, MetricBatch.Empty, $"journal row {sequence} holds {reader.GetDataTypeName(1)}, not a blob");
                continue;
            }
            yield return BatchCodec.TryDecode(data, out var batch, out var error)
                ? new JournalEntry(sequence, batch)
                : new JournalEntry(sequence, MetricBatch.Empty, $"journal row {sequence} ({data.Length} bytes): {error}");
        }
    }

    public async Task TrimBeforeAsync(long sequence, CancellationToken cancellationToken = default)
    {
        long freed = 0;
        using (var lease = await _database.WriteAsync(cancellationToken))
        {
            using var command = lease.Connection.CreateCommand();
            command.CommandText = "DELETE FROM journal WHERE seq < $seq RETURNING length(data)";
            command.Parameters.AddWithValue("$seq", sequence);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                freed += reader.GetInt64(0);
            }
        }
        Interlocked.Add(ref _sizeBytes, -freed);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>(_maxGroup);
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _maxGroup && reader.TryRead(out var item))
            {
                group.Add(item);
            }
            try
            {
                var sequences = Commit(group);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(sequences[i]);
                }
            }
            catch (Exception e)
            {
                // Whatever went wrong, every waiting caller hears of it (no ack), and the loop lives on.
                foreach (var item in group)
                {
                    item.Done.TrySetException(e);
                }
            }
        }
    }

    private long[] Commit(List<PendingAppend> group)
    {
        var sequences = new long[group.Count];
        long bytes = 0;
        using (var lease = _database.Write())
        {
            using var transaction = lease.Connection.BeginTransaction();
            using var command = lease.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO journal(data) VALUES($data) RETURNING seq";
            var data = command.Parameters.Add("$data", SqliteType.Blob);
            for (var i = 0; i < group.Count; i++)
            {
                data.Value = group[i].Row;
                sequences[i] = (long)command.ExecuteScalar()!;
                bytes += group[i].Row.Length;
            }
            // synchronous=FULL: Commit returns once the WAL is on disk.
            transaction.Commit();
        }
        Interlocked.Add(ref _sizeBytes, bytes);
        Interlocked.Increment(ref _commits);
        return sequences;
    }

    private sealed class PendingAppend(byte[] row)
    {
        public byte[] Row { get; } = row;

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
