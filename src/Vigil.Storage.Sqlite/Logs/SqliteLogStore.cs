using Microsoft.Data.Sqlite;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Logs;

/// <summary>
/// Log templates, per-minute counts, raw lines and miner snapshots in <c>logs.db</c> of the data directory, apart from
/// <c>vigil.db</c> so that a burst of log lines never waits behind a chunk flush. Times are UTC Unix milliseconds.
/// </summary>
public sealed class SqliteLogStore : ILogStore, IDisposable
{
    /// <summary>File name of the logs database.</summary>
    public const string FileName = "logs.db";

    private const string Schema = """
        PRAGMA user_version = 1;
        CREATE TABLE IF NOT EXISTS log_templates(
            key TEXT NOT NULL PRIMARY KEY,
            source TEXT NOT NULL,
            text TEXT NOT NULL,
            count INTEGER NOT NULL,
            first_ms INTEGER NOT NULL,
            last_ms INTEGER NOT NULL,
            is_new INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS log_templates_by_source ON log_templates(source);
        CREATE TABLE IF NOT EXISTS log_lines(
            time_ms INTEGER NOT NULL,
            source TEXT NOT NULL,
            template TEXT NOT NULL,
            line TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS log_lines_by_template ON log_lines(template, time_ms);
        CREATE INDEX IF NOT EXISTS log_lines_by_time ON log_lines(time_ms);
        CREATE TABLE IF NOT EXISTS log_template_minutes(
            template TEXT NOT NULL,
            minute_ms INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY(template, minute_ms)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_miners(
            source TEXT NOT NULL PRIMARY KEY,
            snapshot BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log_rates(
            source TEXT NOT NULL PRIMARY KEY,
            snapshot BLOB NOT NULL);
        """;

    private readonly SqliteDatabase _database;

    private SqliteLogStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens (creating when absent) <c>logs.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteLogStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        return new SqliteLogStore(new SqliteDatabase(Path.Combine(dataDirectory, FileName), Schema));
    }

    /// <inheritdoc/>
    public async Task WriteAsync(string source, LogWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(write);
        using var lease = await _database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        if (write.Absorbed is { Count: > 0 } absorbed)
        {
            using var command = lease.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM log_templates WHERE key = $from;
                UPDATE log_lines SET template = $into WHERE template = $from;
                INSERT INTO log_template_minutes(template, minute_ms, count) SELECT $into, minute_ms, count FROM log_template_minutes WHERE template = $from
                    ON CONFLICT(template, minute_ms) DO UPDATE SET count = count + excluded.count;
                DELETE FROM log_template_minutes WHERE template = $from;
                """;
            var from = command.Parameters.Add("$from", SqliteType.Text);
            var into = command.Parameters.Add("$into", SqliteType.Text);
            foreach (var (fromKey, intoKey) in absorbed)
            {
                from.Value = fromKey;
                into.Value = intoKey;
                command.ExecuteNonQuery();
            }
        }
        using (var command = lease.Connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO log_templates(key, source, text, count, first_ms, last_ms, is_new) VALUES($k, $s, $t, $c, $f, $l, $n)";
            var k = command.Parameters.Add("$k", SqliteType.Text);
            var s = command.Parameters.Add("$s", SqliteType.Text);
            var t = command.Parameters.Add("$t", SqliteType.Text);
            var c = command.Parameters.Add("$c", SqliteType.Integer);
            var f = command.Parameters.Add("$f", SqliteType.Integer);
            var l = command.Parameters.Add("$l", SqliteType.Integer);
            var n = command.Parameters.Add("$n", SqliteType.Integer);
            foreach (var template in write.Templates)
            {
                k.Value = template.Key;
                s.Value = template.Source;
                t.Value = template.Text;
                c.Value = template.Count;
                f.Value = template.FirstSeen.ToUnixTimeMilliseconds();
                l.Value = template.LastSeen.ToUnixTimeMilliseconds();
                n.Value = template.IsNew ? 1 : 0;
                command.ExecuteNonQuery();
            }
        }
        using (var command = lease.Connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO log_lines(time_ms, source, template, line) VALUES($t, $s, $k, $l)";
            var t = command.Parameters.Add("$t", SqliteType.Integer);
            var s = command.Parameters.Add("$s", SqliteType.Text);
            var k = command.Parameters.Add("$k", SqliteType.Text);
            var l = command.Parameters.Add("$l", SqliteType.Text);
            foreach (var line in write.Lines)
            {
                t.Value = line.Time.ToUnixTimeMilliseconds();
                s.Value = line.Source;
                k.Value = line.TemplateKey;
                l.Value = line.Line;
                command.ExecuteNonQuery();
            }
        }
        using (var command = lease.Connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO log_template_minutes(template, minute_ms, count) VALUES($k, $m, $c)
                ON CONFLICT(template, minute_ms) DO UPDATE SET count = count + excluded.count
                """;
            var k = command.Parameters.Add("$k", SqliteType.Text);
            var m = command.Parameters.Add("$m", SqliteType.Integer);
            var c = command.Parameters.Add("$c", SqliteType.Integer);
            foreach (var (key, minute, count) in write.MinuteCounts)
            {
                k.Value = key;
                m.Value = minute;
                c.Value = count;
                command.ExecuteNonQuery();
            }
        }
        if (write.MinerSnapshot is { } snapshot)
        {
            using var command = lease.Connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO log_miners(source, snapshot) VALUES($s, $b)";
            command.Parameters.AddWithValue("$s", source);
            command.Parameters.AddWithValue("$b", snapshot);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredLogTemplate>> TemplatesAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT key, source, text, count, first_ms, last_ms, is_new FROM log_templates
            WHERE ($s IS NULL OR source = $s) AND ($t IS NULL OR instr(lower(text), lower($t)) > 0)
            ORDER BY count DESC, key LIMIT $n
            """;
        command.Parameters.AddWithValue("$s", (object?)query.Source ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", (object?)query.Text ?? DBNull.Value);
        command.Parameters.AddWithValue("$n", query.Limit);
        return Task.FromResult<IReadOnlyList<StoredLogTemplate>>(ReadTemplates(command));
    }

    /// <inheritdoc/>
    public Task<StoredLogTemplate?> FindTemplateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, source, text, count, first_ms, last_ms, is_new FROM log_templates WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        var found = ReadTemplates(command);
        return Task.FromResult(found.Count == 0 ? null : found[0]);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredLogLine>> LinesAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT time_ms, source, template, line FROM log_lines
            WHERE ($k IS NULL OR template = $k) AND ($s IS NULL OR source = $s) AND ($t IS NULL OR instr(lower(line), lower($t)) > 0)
            ORDER BY time_ms DESC, rowid DESC LIMIT $n
            """;
        command.Parameters.AddWithValue("$k", (object?)query.TemplateKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$s", (object?)query.Source ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", (object?)query.Text ?? DBNull.Value);
        command.Parameters.AddWithValue("$n", query.Limit);
        var lines = new List<StoredLogLine>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            lines.Add(new StoredLogLine(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return Task.FromResult<IReadOnlyList<StoredLogLine>>(lines);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(long MinuteMs, long Count)>> MinuteCountsAsync(string templateKey, long fromMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateKey);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT minute_ms, count FROM log_template_minutes WHERE template = $k AND minute_ms >= $f ORDER BY minute_ms";
        command.Parameters.AddWithValue("$k", templateKey);
        command.Parameters.AddWithValue("$f", fromMs);
        var counts = new List<(long, long)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        return Task.FromResult<IReadOnlyList<(long MinuteMs, long Count)>>(counts);
    }

    /// <inheritdoc/>
    public Task<byte[]?> LoadMinerAsync(string source, CancellationToken cancellationToken = default) =>
        Task.FromResult(LoadSnapshot("log_miners", source));

    /// <inheritdoc/>
    public async Task SaveRatesAsync(string source, byte[] snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(snapshot);
        using var lease = await _database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO log_rates(source, snapshot) VALUES($s, $b)";
        command.Parameters.AddWithValue("$s", source);
        command.Parameters.AddWithValue("$b", snapshot);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public Task<byte[]?> LoadRatesAsync(string source, CancellationToken cancellationToken = default) =>
        Task.FromResult(LoadSnapshot("log_rates", source));

    /// <summary>The snapshot of <paramref name="source"/> in <paramref name="table"/> (one of ours: a constant).</summary>
    private byte[]? LoadSnapshot(string table, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT snapshot FROM {table} WHERE source = $s";
        command.Parameters.AddWithValue("$s", source);
        return command.ExecuteScalar() as byte[];
    }

    /// <inheritdoc/>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        using var lease = await _database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "DELETE FROM log_template_minutes WHERE minute_ms < $c; DELETE FROM log_lines WHERE time_ms < $c;";
        command.Parameters.AddWithValue("$c", cutoff.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _database.Dispose();

    private static List<StoredLogTemplate> ReadTemplates(SqliteCommand command)
    {
        var templates = new List<StoredLogTemplate>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            templates.Add(new StoredLogTemplate(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.GetInt64(6) != 0));
        }
        return templates;
    }
}
