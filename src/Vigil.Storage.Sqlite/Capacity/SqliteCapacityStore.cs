using Microsoft.Data.Sqlite;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Capacity;

/// <summary>
/// Capacity targets and their latest findings in <c>capacity.db</c> next to <c>vigil.db</c>. A file of its own so
/// that the capacity feature adds no table to the main schema; it is small and written once per evaluation.
/// Times and durations are stored as UTC ticks.
/// </summary>
public sealed class SqliteCapacityStore : ICapacityStore, IDisposable
{
    /// <summary>File name of the capacity database.</summary>
    public const string FileName = "capacity.db";

    internal const string Schema = """
        PRAGMA user_version = 1;
        CREATE TABLE IF NOT EXISTS capacity_targets(
            name TEXT NOT NULL PRIMARY KEY,
            match TEXT NOT NULL,
            limit_value REAL NULL,
            limit_match TEXT NULL,
            horizon_ticks INTEGER NOT NULL,
            step_ticks INTEGER NOT NULL,
            lookback_ticks INTEGER NOT NULL,
            from_config INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS capacity_findings(
            target TEXT NOT NULL,
            series TEXT NOT NULL,
            evaluated_ticks INTEGER NOT NULL,
            outcome INTEGER NOT NULL,
            median_days REAL NULL,
            lower_days REAL NULL,
            upper_days REAL NULL,
            level REAL NOT NULL,
            probability REAL NOT NULL,
            horizon_days REAL NOT NULL,
            last_value REAL NULL,
            limit_value REAL NULL,
            summary TEXT NOT NULL,
            PRIMARY KEY(target, series)) WITHOUT ROWID;
        """;

    private const string TargetColumns = "name, match, limit_value, limit_match, horizon_ticks, step_ticks, lookback_ticks, from_config";

    private const string FindingColumns =
        "target, series, evaluated_ticks, outcome, median_days, lower_days, upper_days, level, probability, horizon_days, last_value, limit_value, summary";

    private readonly SqliteDatabase _database;
    private int _disposed;

    private SqliteCapacityStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens (creating when absent) <c>capacity.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteCapacityStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        return new SqliteCapacityStore(new SqliteDatabase(Path.Combine(dataDirectory, FileName), Schema));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CapacityTarget>> ListTargetsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TargetColumns} FROM capacity_targets ORDER BY name";
        return Task.FromResult<IReadOnlyList<CapacityTarget>>(ReadTargets(command));
    }

    /// <inheritdoc/>
    public Task<CapacityTarget?> FindTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TargetColumns} FROM capacity_targets WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Task.FromResult(ReadTargets(command).FirstOrDefault());
    }

    /// <inheritdoc/>
    public async Task UpsertTargetAsync(CapacityTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var lease = await _database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"INSERT OR REPLACE INTO capacity_targets({TargetColumns}) VALUES($name, $match, $limit, $limitMatch, $horizon, $step, $lookback, $config)";
        command.Parameters.AddWithValue("$name", target.Name);
        command.Parameters.AddWithValue("$match", target.Match);
        command.Parameters.AddWithValue("$limit", target.Limit is { } l ? l : DBNull.Value);
        command.Parameters.AddWithValue("$limitMatch", (object?)target.LimitMatch ?? DBNull.Value);
        command.Parameters.AddWithValue("$horizon", target.Horizon.Ticks);
        command.Parameters.AddWithValue("$step", target.Step.Ticks);
        command.Parameters.AddWithValue("$lookback", target.Lookback.Ticks);
        command.Parameters.AddWithValue("$config", target.FromConfig ? 1 : 0);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var lease = await _database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM capacity_findings WHERE target = $name";
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
        command.CommandText = "DELETE FROM capacity_targets WHERE name = $name";
        var deleted = command.ExecuteNonQuery() > 0;
        transaction.Commit();
        return deleted;
    }

    /// <inheritdoc/>
    public async Task ReplaceFindingsAsync(string target, IReadOnlyList<CapacityFinding> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(findings);
        using var lease = await _database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM capacity_findings WHERE target = $target";
        command.Parameters.AddWithValue("$target", target);
        command.ExecuteNonQuery();
        command.CommandText = $"INSERT OR REPLACE INTO capacity_findings({FindingColumns}) VALUES($target, $series, $at, $outcome, $median, $lower, $upper, $level, $p, $horizon, $last, $limit, $summary)";
        foreach (var f in findings)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$target", target);
            command.Parameters.AddWithValue("$series", f.Series);
            command.Parameters.AddWithValue("$at", f.EvaluatedAt.UtcTicks);
            command.Parameters.AddWithValue("$outcome", (int)f.Outcome);
            command.Parameters.AddWithValue("$median", Nullable(f.MedianDays));
            command.Parameters.AddWithValue("$lower", Nullable(f.LowerDays));
            command.Parameters.AddWithValue("$upper", Nullable(f.UpperDays));
            command.Parameters.AddWithValue("$level", f.Level);
            command.Parameters.AddWithValue("$p", f.Probability);
            command.Parameters.AddWithValue("$horizon", f.HorizonDays);
            command.Parameters.AddWithValue("$last", Finite(f.LastValue));
            command.Parameters.AddWithValue("$limit", Finite(f.LimitValue));
            command.Parameters.AddWithValue("$summary", f.Summary);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CapacityFinding>> FindingsAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var connection = _database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {FindingColumns} FROM capacity_findings WHERE target = $target ORDER BY series";
        command.Parameters.AddWithValue("$target", target);
        using var reader = command.ExecuteReader();
        var result = new List<CapacityFinding>();
        while (reader.Read())
        {
            result.Add(new CapacityFinding(
                reader.GetString(0),
                reader.GetString(1),
                new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
                (CapacityOutcome)reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.GetDouble(7),
                reader.GetDouble(8),
                reader.GetDouble(9),
                reader.IsDBNull(10) ? double.NaN : reader.GetDouble(10),
                reader.IsDBNull(11) ? double.NaN : reader.GetDouble(11),
                reader.GetString(12)));
        }
        return Task.FromResult<IReadOnlyList<CapacityFinding>>(result);
    }

    /// <summary>Closes the database; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _database.Dispose();
        }
    }

    // SQLite stores NaN as NULL; ±Inf survive.
    private static object Nullable(double? value) => value is { } v && double.IsFinite(v) ? v : DBNull.Value;

    private static object Finite(double value) => double.IsNaN(value) ? DBNull.Value : value;

    private static List<CapacityTarget> ReadTargets(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<CapacityTarget>();
        while (reader.Read())
        {
            result.Add(new CapacityTarget(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                TimeSpan.FromTicks(reader.GetInt64(4)),
                TimeSpan.FromTicks(reader.GetInt64(5)),
                TimeSpan.FromTicks(reader.GetInt64(6)),
                reader.GetInt64(7) != 0));
        }
        return result;
    }

}
