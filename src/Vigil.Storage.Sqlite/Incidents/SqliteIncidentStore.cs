using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Incidents;

/// <summary>
/// Incidents in <c>vigil.db</c>: one row an incident (the fields the API filters on as columns, ranked causes,
/// similar incidents and reasons as JSON), its member signals by (fingerprint, start) and its timeline in tables of
/// their own; silences and maintenance windows beside them. Times are UTC ticks. Saving an incident rewrites its rows
/// in one transaction, so a reader never sees half of a change.
/// </summary>
internal sealed class SqliteIncidentStore(SqliteDatabase database) : IIncidentStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS incidents(
            id INTEGER NOT NULL PRIMARY KEY,
            status INTEGER NOT NULL,
            title TEXT NOT NULL,
            severity INTEGER NOT NULL,
            opened_ticks INTEGER NOT NULL,
            updated_ticks INTEGER NOT NULL,
            resolved_ticks INTEGER NULL,
            assignee TEXT NULL,
            group_key TEXT NULL,
            entities TEXT NOT NULL,
            root_causes TEXT NOT NULL,
            similar TEXT NOT NULL,
            reasons TEXT NOT NULL,
            merged_into INTEGER NULL);
        CREATE INDEX IF NOT EXISTS incidents_by_status ON incidents(status, opened_ticks);
        CREATE TABLE IF NOT EXISTS incident_signals(
            incident_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            start_ticks INTEGER NOT NULL,
            end_ticks INTEGER NULL,
            entity TEXT NOT NULL,
            kind INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            role INTEGER NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY(incident_id, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS incident_signals_by_entity ON incident_signals(entity, incident_id);
        CREATE TABLE IF NOT EXISTS incident_timeline(
            incident_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            at_ticks INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            actor TEXT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY(incident_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS silences(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            matchers TEXT NOT NULL,
            starts_ticks INTEGER NOT NULL,
            ends_ticks INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            comment TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS maintenance_windows(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entities TEXT NOT NULL,
            starts_ticks INTEGER NOT NULL,
            ends_ticks INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            comment TEXT NOT NULL);
        """;

    private const string Columns = "id, status, title, severity, opened_ticks, updated_ticks, resolved_ticks, assignee, group_key, entities, root_causes, similar, reasons, merged_into";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The member and timeline rows last committed for each incident that can still change. A change to an incident
    /// of n members used to rewrite all n member rows and its whole timeline (which grows with every member): the rows
    /// it really changes are the new member, the new timeline entries and the roles rescoring flipped, so only the
    /// positions that differ from these are written. Safe because this store is the only writer of those tables (one
    /// per database) and it is updated after the commit only; an incident not held here is rewritten whole.
    /// Touched under the database's write lease only.
    /// </summary>
    private readonly Dictionary<long, WrittenRows> _written = [];

    public async Task SaveAsync(IReadOnlyList<Incident> incidents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        if (incidents.Count == 0)
        {
            return;
        }
        using var lease = await database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        // What this transaction wrote, so that an incident listed twice is diffed against its first rows.
        var writing = new Dictionary<long, (WrittenRows Rows, bool Settled)>();
        foreach (var incident in incidents)
        {
            var id = incident.Id.Value;
            command.Parameters.Clear();
            command.CommandText = $"INSERT OR REPLACE INTO incidents({Columns}) VALUES($id, $status, $title, $sev, $opened, $updated, $resolved, $assignee, $group, $entities, $causes, $similar, $reasons, $merged)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$status", (int)incident.Status);
            command.Parameters.AddWithValue("$title", incident.Title);
            command.Parameters.AddWithValue("$sev", incident.Severity);
            command.Parameters.AddWithValue("$opened", incident.Opened.UtcTicks);
            command.Parameters.AddWithValue("$updated", incident.Updated.UtcTicks);
            command.Parameters.AddWithValue("$resolved", incident.Resolved is { } r ? r.UtcTicks : DBNull.Value);
            command.Parameters.AddWithValue("$assignee", (object?)incident.Assignee ?? DBNull.Value);
            command.Parameters.AddWithValue("$group", (object?)incident.GroupKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$entities", JsonSerializer.Serialize(incident.Entities, Json));
            command.Parameters.AddWithValue("$causes", JsonSerializer.Serialize(incident.RootCauses, Json));
            command.Parameters.AddWithValue("$similar", JsonSerializer.Serialize(incident.Similar.Select(static s => new SimilarRow(s.Id.Value, s.Title, s.Similarity)), Json));
            command.Parameters.AddWithValue("$reasons", JsonSerializer.Serialize(incident.Reasons, Json));
            command.Parameters.AddWithValue("$merged", incident.MergedInto is { } into ? into.Value : DBNull.Value);
            command.ExecuteNonQuery();

            var before = writing.TryGetValue(id, out var written) ? written.Rows : _written.GetValueOrDefault(id);
            WriteRows(command, "incident_signals", "INSERT OR REPLACE INTO incident_signals VALUES($id, $seq, $f, $s, $e, $entity, $kind, $sev, $role, $reason)",
                id, before?.Members ?? default, incident.Members, static (p, m) =>
                {
                    p.AddWithValue("$f", m.Fingerprint);
                    p.AddWithValue("$s", m.Start.UtcTicks);
                    p.AddWithValue("$e", m.End is { } end ? end.UtcTicks : DBNull.Value);
                    p.AddWithValue("$entity", m.Entity);
                    p.AddWithValue("$kind", (int)m.Kind);
                    p.AddWithValue("$sev", m.Severity);
                    p.AddWithValue("$role", (int)m.Role);
                    p.AddWithValue("$reason", m.Reason);
                });
            WriteRows(command, "incident_timeline", "INSERT OR REPLACE INTO incident_timeline VALUES($id, $seq, $at, $kind, $actor, $text)",
                id, before?.Timeline ?? default, incident.Timeline, static (p, t) =>
                {
                    p.AddWithValue("$at", t.At.UtcTicks);
                    p.AddWithValue("$kind", (int)t.Kind);
                    p.AddWithValue("$actor", (object?)t.Actor ?? DBNull.Value);
                    p.AddWithValue("$text", t.Text);
                });
            writing[id] = (new WrittenRows(incident.Members, incident.Timeline), incident.Status == IncidentStatus.Resolved || incident.MergedInto is not null);
        }
        transaction.Commit();
        foreach (var (id, (rows, settled)) in writing)
        {
            if (settled)
            {
                _written.Remove(id); // changes rarely if ever again: a reopen rewrites it whole
            }
            else
            {
                _written[id] = rows;
            }
        }
    }

    /// <summary>
    /// Writes an incident's rows of <paramref name="table"/> (keyed by incident and position) so that they hold
    /// <paramref name="after"/>: all of them when what the table holds is not known (<paramref name="before"/> default),
    /// else only the positions that differ from <paramref name="before"/>, dropping those past the end.
    /// </summary>
    private static void WriteRows<T>(SqliteCommand command, string table, string insert, long id, ImmutableArray<T> before, ImmutableArray<T> after, Action<SqliteParameterCollection, T> bind)
    {
        command.Parameters.Clear();
        command.CommandText = before.IsDefault
            ? $"DELETE FROM {table} WHERE incident_id = $id"
            : $"DELETE FROM {table} WHERE incident_id = $id AND seq >= $count";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$count", after.Length);
        if (before.IsDefault || before.Length > after.Length)
        {
            command.ExecuteNonQuery();
        }
        command.CommandText = insert;
        for (var i = 0; i < after.Length; i++)
        {
            if (!before.IsDefault && i < before.Length && EqualityComparer<T>.Default.Equals(before[i], after[i]))
            {
                continue;
            }
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$seq", i);
            bind(command.Parameters, after[i]);
            command.ExecuteNonQuery();
        }
    }

    public Task<IReadOnlyList<Incident>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query));
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM incidents WHERE 1 = 1");
        if (!query.IncludeMerged)
        {
            sql.Append(" AND merged_into IS NULL");
        }
        if (query.Status is { } status)
        {
            sql.Append(" AND status = $status");
            command.Parameters.AddWithValue("$status", (int)status);
        }
        if (query.MinSeverity is { } severity)
        {
            sql.Append(" AND severity >= $severity");
            command.Parameters.AddWithValue("$severity", severity);
        }
        if (query.Entity is { } entity)
        {
            sql.Append(" AND id IN (SELECT incident_id FROM incident_signals WHERE entity = $entity)");
            command.Parameters.AddWithValue("$entity", entity);
        }
        if (query.ResolvedSince is { } since)
        {
            sql.Append(" AND (resolved_ticks IS NULL OR resolved_ticks >= $since)");
            command.Parameters.AddWithValue("$since", since.UtcTicks);
        }
        sql.Append(" ORDER BY opened_ticks DESC, id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
        return Task.FromResult<IReadOnlyList<Incident>>(ReadAll(connection, command, cancellationToken));
    }

    public Task<Incident?> FindAsync(IncidentId id, CancellationToken cancellationToken = default)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM incidents WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.Value);
        var found = ReadAll(connection, command, cancellationToken);
        return Task.FromResult(found.Count > 0 ? found[0] : null);
    }

    public Task<IncidentId?> LastIdAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(id) FROM incidents";
        return Task.FromResult(command.ExecuteScalar() is long max ? new IncidentId(max) : (IncidentId?)null);
    }

    public async Task<Silence> AddSilenceAsync(Silence silence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var id = await InsertAsync(
            "INSERT INTO silences(matchers, starts_ticks, ends_ticks, created_by, comment) VALUES($what, $starts, $ends, $by, $comment)",
            "{" + string.Join(',', silence.Matchers) + "}", silence.Starts, silence.Ends, silence.CreatedBy, silence.Comment, cancellationToken);
        return silence with { Id = id };
    }

    public Task<bool> DeleteSilenceAsync(long id, CancellationToken cancellationToken = default) => DeleteAsync("silences", id, cancellationToken);

    public Task<IReadOnlyList<Silence>> SilencesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Silence>>(ReadWindows("silences", "matchers", static (id, what, starts, ends, by, comment) =>
            new Silence(id, [.. SeriesSelector.Parse(what)], starts, ends, by, comment)));

    public async Task<MaintenanceWindow> AddMaintenanceAsync(MaintenanceWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var id = await InsertAsync(
            "INSERT INTO maintenance_windows(entities, starts_ticks, ends_ticks, created_by, comment) VALUES($what, $starts, $ends, $by, $comment)",
            JsonSerializer.Serialize(window.Entities, Json), window.Starts, window.Ends, window.CreatedBy, window.Comment, cancellationToken);
        return window with { Id = id };
    }

    public Task<bool> DeleteMaintenanceAsync(long id, CancellationToken cancellationToken = default) => DeleteAsync("maintenance_windows", id, cancellationToken);

    public Task<IReadOnlyList<MaintenanceWindow>> MaintenanceAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MaintenanceWindow>>(ReadWindows("maintenance_windows", "entities", static (id, what, starts, ends, by, comment) =>
            new MaintenanceWindow(id, JsonSerializer.Deserialize<ImmutableArray<string>>(what, Json), starts, ends, by, comment)));

    private async Task<long> InsertAsync(string sql, string what, DateTimeOffset starts, DateTimeOffset ends, string by, string comment, CancellationToken cancellationToken)
    {
        using var lease = await database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = sql + " RETURNING id";
        command.Parameters.AddWithValue("$what", what);
        command.Parameters.AddWithValue("$starts", starts.UtcTicks);
        command.Parameters.AddWithValue("$ends", ends.UtcTicks);
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$comment", comment);
        return (long)command.ExecuteScalar()!;
    }

    private async Task<bool> DeleteAsync(string table, long id, CancellationToken cancellationToken)
    {
        using var lease = await database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"DELETE FROM {table} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    }

    private List<T> ReadWindows<T>(string table, string whatColumn, Func<long, string, DateTimeOffset, DateTimeOffset, string, string, T> make)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, {whatColumn}, starts_ticks, ends_ticks, created_by, comment FROM {table} ORDER BY id";
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(make(reader.GetInt64(0), reader.GetString(1), Time(reader.GetInt64(2)), Time(reader.GetInt64(3)), reader.GetString(4), reader.GetString(5)));
        }
        return result;
    }

    private static List<Incident> ReadAll(SqliteConnection connection, SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<Incident>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(new Incident
                {
                    Id = new IncidentId(reader.GetInt64(0)),
                    Status = (IncidentStatus)reader.GetInt32(1),
                    Title = reader.GetString(2),
                    Severity = reader.GetInt32(3),
                    Opened = Time(reader.GetInt64(4)),
                    Updated = Time(reader.GetInt64(5)),
                    Resolved = reader.IsDBNull(6) ? null : Time(reader.GetInt64(6)),
                    Assignee = reader.IsDBNull(7) ? null : reader.GetString(7),
                    GroupKey = reader.IsDBNull(8) ? null : reader.GetString(8),
                    Entities = JsonSerializer.Deserialize<ImmutableArray<string>>(reader.GetString(9), Json),
                    RootCauses = JsonSerializer.Deserialize<ImmutableArray<IncidentCause>>(reader.GetString(10), Json),
                    Similar = [.. JsonSerializer.Deserialize<SimilarRow[]>(reader.GetString(11), Json)!.Select(static s => new SimilarIncident(new IncidentId(s.Id), s.Title, s.Similarity))],
                    Reasons = JsonSerializer.Deserialize<ImmutableArray<string>>(reader.GetString(12), Json),
                    MergedInto = reader.IsDBNull(13) ? null : new IncidentId(reader.GetInt64(13)),
                });
            }
        }
        for (var i = 0; i < result.Count; i++)
        {
            result[i] = result[i] with { Members = Members(connection, result[i].Id.Value), Timeline = Timeline(connection, result[i].Id.Value) };
        }
        return result;
    }

    private static ImmutableArray<IncidentMember> Members(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint, start_ticks, end_ticks, entity, kind, severity, role, reason FROM incident_signals WHERE incident_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var members = ImmutableArray.CreateBuilder<IncidentMember>();
        while (reader.Read())
        {
            members.Add(new IncidentMember(
                reader.GetString(0), Time(reader.GetInt64(1)), reader.IsDBNull(2) ? null : Time(reader.GetInt64(2)), reader.GetString(3),
                (SignalKind)reader.GetInt32(4), reader.GetInt32(5), (MemberRole)reader.GetInt32(6), reader.GetString(7)));
        }
        return members.ToImmutable();
    }

    private static ImmutableArray<TimelineEntry> Timeline(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT at_ticks, kind, actor, text FROM incident_timeline WHERE incident_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var entries = ImmutableArray.CreateBuilder<TimelineEntry>();
        while (reader.Read())
        {
            entries.Add(new TimelineEntry(Time(reader.GetInt64(0)), (TimelineKind)reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }
        return entries.ToImmutable();
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private sealed record SimilarRow(long Id, string Title, double Similarity);

    private sealed record WrittenRows(ImmutableArray<IncidentMember> Members, ImmutableArray<TimelineEntry> Timeline);
}
