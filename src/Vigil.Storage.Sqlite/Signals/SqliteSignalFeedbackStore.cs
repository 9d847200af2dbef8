using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Signals;

/// <summary>
/// Verdicts on signals in their own database (<c>feedback.db</c>), as capacity targets keep theirs: what operators
/// say outlives the signals table's schema changes and is small.
/// </summary>
public sealed class SqliteSignalFeedbackStore : ISignalFeedbackStore, IDisposable
{
    /// <summary>The database's file name in the data directory.</summary>
    public const string FileName = "feedback.db";

    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS signal_feedback(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT NOT NULL,
            start_ticks INTEGER NOT NULL,
            verdict INTEGER NOT NULL,
            actor TEXT NOT NULL,
            comment TEXT NULL,
            at_ticks INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS signal_feedback_by_signal ON signal_feedback(fingerprint, start_ticks);
        """;

    private readonly SqliteDatabase _database;
    private int _disposed;

    private SqliteSignalFeedbackStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens (creating when absent) <c>feedback.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteSignalFeedbackStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        return new SqliteSignalFeedbackStore(new SqliteDatabase(Path.Combine(dataDirectory, FileName), Schema));
    }

    /// <inheritdoc/>
    public async Task AddAsync(SignalFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        using var lease = await _database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "INSERT INTO signal_feedback(fingerprint, start_ticks, verdict, actor, comment, at_ticks) VALUES($f, $s, $v, $a, $c, $at)";
        command.Parameters.AddWithValue("$f", feedback.Fingerprint);
        command.Parameters.AddWithValue("$s", feedback.Start.UtcTicks);
        command.Parameters.AddWithValue("$v", (int)feedback.Verdict);
        command.Parameters.AddWithValue("$a", feedback.Actor);
        command.Parameters.AddWithValue("$c", (object?)feedback.Comment ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", feedback.At.UtcTicks);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SignalFeedback>> ForSignalAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT verdict, actor, comment, at_ticks FROM signal_feedback WHERE fingerprint = $f AND start_ticks = $s ORDER BY id";
        command.Parameters.AddWithValue("$f", fingerprint);
        command.Parameters.AddWithValue("$s", start.UtcTicks);
        using var reader = command.ExecuteReader();
        var result = new List<SignalFeedback>();
        while (reader.Read())
        {
            result.Add(new SignalFeedback(
                fingerprint, start, (SignalVerdict)reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
        }
        return Task.FromResult<IReadOnlyList<SignalFeedback>>(result);
    }

    /// <summary>Closes the database; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _database.Dispose();
        }
    }
}
