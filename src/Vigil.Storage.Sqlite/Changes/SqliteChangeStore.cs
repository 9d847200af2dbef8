using System.Text;
using Microsoft.Data.Sqlite;
using Vigil.Core.Storage;
using Vigil.Core.Topology;

namespace Vigil.Storage.Sqlite.Changes;

/// <summary>Change events in <c>vigil.db</c>, indexed by time and by (entity, time). Times are UTC ticks.</summary>
internal sealed class SqliteChangeStore(SqliteDatabase database) : IChangeStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS changes(
            id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            at_ticks INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            description TEXT NOT NULL,
            labels TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS changes_by_time ON changes(at_ticks);
        CREATE INDEX IF NOT EXISTS changes_by_entity ON changes(entity, at_ticks);
        """;

    private const string Columns = "entity, at_ticks, kind, description, labels";

    public async Task AddAsync(ChangeEvent change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var lease = await database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = $"INSERT INTO changes({Columns}) VALUES($entity, $at, $kind, $description, $labels)";
        command.Parameters.AddWithValue("$entity", change.Entity);
        command.Parameters.AddWithValue("$at", change.Timestamp.UtcTicks);
        command.Parameters.AddWithValue("$kind", (int)change.Kind);
        command.Parameters.AddWithValue("$description", change.Description);
        command.Parameters.AddWithValue("$labels", LabelsJson.ToJson(change.Labels));
        command.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<ChangeEvent>> QueryAsync(ChangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit, nameof(query));
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM changes WHERE 1 = 1");
        if (query.Entity is { } entity)
        {
            sql.Append(" AND entity = $entity");
            command.Parameters.AddWithValue("$entity", entity);
        }
        if (query.From is { } from)
        {
            sql.Append(" AND at_ticks >= $from");
            command.Parameters.AddWithValue("$from", from.UtcTicks);
        }
        if (query.To is { } to)
        {
            sql.Append(" AND at_ticks <= $to");
            command.Parameters.AddWithValue("$to", to.UtcTicks);
        }
        sql.Append(" ORDER BY at_ticks DESC, id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
        return Task.FromResult<IReadOnlyList<ChangeEvent>>(ReadAll(command, cancellationToken));
    }

    public Task<IReadOnlyList<ChangeEvent>> RecentAsync(DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM changes WHERE at_ticks >= $from AND at_ticks <= $to ORDER BY at_ticks, id";
        command.Parameters.AddWithValue("$from", start.UtcTicks);
        command.Parameters.AddWithValue("$to", until.UtcTicks);
        return Task.FromResult<IReadOnlyList<ChangeEvent>>(ReadAll(command, cancellationToken));
    }

    private static List<ChangeEvent> ReadAll(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<ChangeEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new ChangeEvent(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetString(3))
            {
                Kind = (ChangeKind)reader.GetInt32(2),
                Labels = LabelsJson.LabelsFromJson(reader.GetString(4)),
            });
        }
        return result;
    }
}
