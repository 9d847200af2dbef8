using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Signals;

/// <summary>
/// The signals table, keyed by (fingerprint, start). Times are stored as UTC ticks, so a signal reads back equal to
/// what was written; evidence and labels as small JSON objects.
/// </summary>
internal sealed class SqliteSignalStore(SqliteDatabase database) : ISignalStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS signals(
            fingerprint TEXT NOT NULL,
            start_ticks INTEGER NOT NULL,
            end_ticks INTEGER NULL,
            kind INTEGER NOT NULL,
            entity TEXT NOT NULL,
            score REAL NOT NULL,
            severity INTEGER NOT NULL,
            summary TEXT NOT NULL,
            evidence TEXT NOT NULL,
            labels TEXT NOT NULL,
            PRIMARY KEY(fingerprint, start_ticks)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS signals_by_start ON signals(start_ticks);
        CREATE INDEX IF NOT EXISTS signals_by_entity ON signals(entity, start_ticks);
        CREATE INDEX IF NOT EXISTS signals_open ON signals(start_ticks) WHERE end_ticks IS NULL;
        CREATE TABLE IF NOT EXISTS signal_feedback(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT NOT NULL,
            start_ticks INTEGER NOT NULL,
            verdict INTEGER NOT NULL,
            actor TEXT NOT NULL,
            at_ticks INTEGER NOT NULL,
            comment TEXT NULL);
        CREATE INDEX IF NOT EXISTS signal_feedback_by_signal ON signal_feedback(fingerprint, start_ticks);
        """;

    private const string Columns = "fingerprint, start_ticks, end_ticks, kind, entity, score, severity, summary, evidence, labels";

    public async Task UpsertAsync(IReadOnlyList<Signal> signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Count == 0)
        {
            return;
        }
        using var lease = await database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT OR REPLACE INTO signals({Columns}) VALUES($f, $s, $e, $k, $entity, $score, $sev, $summary, $evidence, $labels)";
        foreach (var signal in signals)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$f", signal.Fingerprint);
            command.Parameters.AddWithValue("$s", signal.Start.UtcTicks);
            command.Parameters.AddWithValue("$e", signal.End is { } end ? end.UtcTicks : DBNull.Value);
            command.Parameters.AddWithValue("$k", (int)signal.Kind);
            command.Parameters.AddWithValue("$entity", signal.Entity);
            command.Parameters.AddWithValue("$score", signal.Score);
            command.Parameters.AddWithValue("$sev", signal.Severity);
            command.Parameters.AddWithValue("$summary", signal.Summary);
            command.Parameters.AddWithValue("$evidence", LabelsJson.ToJson(signal.Evidence));
            command.Parameters.AddWithValue("$labels", LabelsJson.ToJson(signal.Labels));
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public Task<IReadOnlyList<Signal>> QueryAsync(SignalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query));
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM signals WHERE 1 = 1");
        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = $kind");
            command.Parameters.AddWithValue("$kind", (int)kind);
        }
        if (query.Entity is { } entity)
        {
            sql.Append(" AND entity = $entity");
            command.Parameters.AddWithValue("$entity", entity);
        }
        if (query.From is { } from)
        {
            sql.Append(" AND (end_ticks IS NULL OR end_ticks >= $from)");
            command.Parameters.AddWithValue("$from", from.UtcTicks);
        }
        if (query.To is { } to)
        {
            sql.Append(" AND start_ticks <= $to");
            command.Parameters.AddWithValue("$to", to.UtcTicks);
        }
        if (query.MinSeverity is { } severity)
        {
            sql.Append(" AND severity >= $severity");
            command.Parameters.AddWithValue("$severity", severity);
        }
        if (query.Open is { } open)
        {
            sql.Append(open ? " AND end_ticks IS NULL" : " AND end_ticks IS NOT NULL");
        }
        sql.Append(" ORDER BY start_ticks DESC, fingerprint LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
        return Task.FromResult<IReadOnlyList<Signal>>(ReadAll(command, cancellationToken));
    }

    public Task<Signal?> FindAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM signals WHERE fingerprint = $f AND start_ticks = $s";
        command.Parameters.AddWithValue("$f", fingerprint);
        command.Parameters.AddWithValue("$s", start.UtcTicks);
        var found = ReadAll(command, cancellationToken);
        return Task.FromResult(found.Count > 0 ? found[0] : null);
    }

    public async Task RecordFeedbackAsync(SignalFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        using var lease = await database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "INSERT INTO signal_feedback(fingerprint, start_ticks, verdict, actor, at_ticks, comment) VALUES($f, $s, $v, $a, $at, $c)";
        command.Parameters.AddWithValue("$f", feedback.Fingerprint);
        command.Parameters.AddWithValue("$s", feedback.Start.UtcTicks);
        command.Parameters.AddWithValue("$v", (int)feedback.Verdict);
        command.Parameters.AddWithValue("$a", feedback.Actor);
        command.Parameters.AddWithValue("$at", feedback.At.UtcTicks);
        command.Parameters.AddWithValue("$c", (object?)feedback.Comment ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<SignalFeedback>> FeedbackAsync(string fingerprint, DateTimeOffset start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT verdict, actor, at_ticks, comment FROM signal_feedback WHERE fingerprint = $f AND start_ticks = $s ORDER BY id";
        command.Parameters.AddWithValue("$f", fingerprint);
        command.Parameters.AddWithValue("$s", start.UtcTicks);
        var result = new List<SignalFeedback>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new SignalFeedback(fingerprint, start, (SignalVerdict)reader.GetInt32(0), reader.GetString(1),
                new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return Task.FromResult<IReadOnlyList<SignalFeedback>>(result);
    }

    /// <summary>Every verdict on a signal of <paramref name="kind"/>, oldest first, with the signal.</summary>
    internal IReadOnlyList<SignalVerdictRecord> Verdicts(SignalKind kind, CancellationToken cancellationToken)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "s." + c))}, f.verdict, f.actor, f.at_ticks, f.comment
            FROM signal_feedback f JOIN signals s ON s.fingerprint = f.fingerprint AND s.start_ticks = f.start_ticks
            WHERE s.kind = $k ORDER BY f.id
            """;
        command.Parameters.AddWithValue("$k", (int)kind);
        var result = new List<SignalVerdictRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var signal = ReadSignal(reader);
            result.Add(new SignalVerdictRecord(signal, new SignalFeedback(signal.Fingerprint, signal.Start, (SignalVerdict)reader.GetInt32(10),
                reader.GetString(11), new DateTimeOffset(reader.GetInt64(12), TimeSpan.Zero), reader.IsDBNull(13) ? null : reader.GetString(13))));
        }
        return result;
    }

    private static List<Signal> ReadAll(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<Signal>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(ReadSignal(reader));
        }
        return result;
    }

    private static Signal ReadSignal(SqliteDataReader reader) => new()
    {
        Fingerprint = reader.GetString(0),
        Start = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        End = reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
        Kind = (SignalKind)reader.GetInt32(3),
        Entity = reader.GetString(4),
        Score = reader.GetDouble(5),
        Severity = reader.GetInt32(6),
        Summary = reader.GetString(7),
        Evidence = EvidenceFromJson(reader.GetString(8)),
        Labels = LabelsJson.LabelsFromJson(reader.GetString(9)),
    };

    private static ImmutableSortedDictionary<string, string> EvidenceFromJson(string json)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            builder[property.Name] = property.Value.GetString() ?? "";
        }
        return builder.ToImmutable();
    }
}
