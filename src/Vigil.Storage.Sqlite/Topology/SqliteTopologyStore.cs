using Microsoft.Data.Sqlite;
using Vigil.Core.Storage;
using Vigil.Core.Topology;

namespace Vigil.Storage.Sqlite.Topology;

/// <summary>
/// Entities and edges in <c>vigil.db</c>, one row per source (declared, inferred), so that a refresh of the inferred
/// part never touches what a person declared. Times are stored as UTC ticks, kinds and sources as integers.
/// </summary>
internal sealed class SqliteTopologyStore(SqliteDatabase database) : ITopologyStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS topology_entities(
            id TEXT NOT NULL,
            source INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            labels TEXT NOT NULL,
            first_seen_ticks INTEGER NOT NULL,
            last_seen_ticks INTEGER NOT NULL,
            PRIMARY KEY(id, source)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS topology_edges(
            from_id TEXT NOT NULL,
            to_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            source INTEGER NOT NULL,
            first_seen_ticks INTEGER NOT NULL,
            last_seen_ticks INTEGER NOT NULL,
            PRIMARY KEY(from_id, to_id, kind, source)) WITHOUT ROWID;
        """;

    public Task<TopologySnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, source, kind, labels, first_seen_ticks, last_seen_ticks FROM topology_entities ORDER BY id, source";
        var entities = new List<StoredEntity>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entity = new Entity(reader.GetString(0), (EntityKind)reader.GetInt32(2)) { Labels = LabelsJson.LabelsFromJson(reader.GetString(3)) };
                entities.Add(new StoredEntity(entity, (TopologySource)reader.GetInt32(1), Time(reader.GetInt64(4)), Time(reader.GetInt64(5))));
            }
        }
        command.CommandText = "SELECT from_id, to_id, kind, source, first_seen_ticks, last_seen_ticks FROM topology_edges ORDER BY from_id, to_id, kind, source";
        var edges = new List<StoredEdge>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var edge = new TopologyEdge(reader.GetString(0), reader.GetString(1), (EdgeKind)reader.GetInt32(2));
                edges.Add(new StoredEdge(edge, (TopologySource)reader.GetInt32(3), Time(reader.GetInt64(4)), Time(reader.GetInt64(5))));
            }
        }
        return Task.FromResult(new TopologySnapshot(entities, edges));
    }

    public Task ReplaceAsync(TopologySource source, IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(source, entities, edges, now, replace: true, cancellationToken);

    public Task UpsertAsync(TopologySource source, IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(source, entities, edges, now, replace: false, cancellationToken);

    public async Task<bool> DeleteEntityAsync(TopologySource source, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var lease = await database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$source", (int)source);
        command.CommandText = "DELETE FROM topology_entities WHERE id = $id AND source = $source";
        var deleted = command.ExecuteNonQuery() > 0;
        command.CommandText = "DELETE FROM topology_edges WHERE (from_id = $id OR to_id = $id) AND source = $source";
        command.ExecuteNonQuery();
        transaction.Commit();
        return deleted;
    }

    public async Task<bool> DeleteEdgeAsync(TopologySource source, TopologyEdge edge, CancellationToken cancellationToken = default)
    {
        using var lease = await database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "DELETE FROM topology_edges WHERE from_id = $from AND to_id = $to AND kind = $kind AND source = $source";
        command.Parameters.AddWithValue("$from", edge.From);
        command.Parameters.AddWithValue("$to", edge.To);
        command.Parameters.AddWithValue("$kind", (int)edge.Kind);
        command.Parameters.AddWithValue("$source", (int)source);
        return command.ExecuteNonQuery() > 0;
    }

    private async Task WriteAsync(TopologySource source, IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, DateTimeOffset now, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(edges);
        using var lease = await database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        if (replace)
        {
            // Rows are marked, the given ones unmarked by the upserts below, and the marked ones deleted: first-seen
            // times of the rows that stay survive the replacement.
            command.CommandText = "UPDATE topology_entities SET last_seen_ticks = -1 WHERE source = $source; UPDATE topology_edges SET last_seen_ticks = -1 WHERE source = $source";
            command.Parameters.AddWithValue("$source", (int)source);
            command.ExecuteNonQuery();
        }
        command.CommandText = """
            INSERT INTO topology_entities(id, source, kind, labels, first_seen_ticks, last_seen_ticks) VALUES($id, $source, $kind, $labels, $now, $now)
            ON CONFLICT(id, source) DO UPDATE SET kind = excluded.kind, labels = excluded.labels, last_seen_ticks = excluded.last_seen_ticks
            """;
        foreach (var entity in entities)
        {
            ArgumentNullException.ThrowIfNull(entity);
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", entity.Id);
            command.Parameters.AddWithValue("$source", (int)source);
            command.Parameters.AddWithValue("$kind", (int)entity.Kind);
            command.Parameters.AddWithValue("$labels", LabelsJson.ToJson(entity.Labels));
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            command.ExecuteNonQuery();
        }
        command.CommandText = """
            INSERT INTO topology_edges(from_id, to_id, kind, source, first_seen_ticks, last_seen_ticks) VALUES($from, $to, $kind, $source, $now, $now)
            ON CONFLICT(from_id, to_id, kind, source) DO UPDATE SET last_seen_ticks = excluded.last_seen_ticks
            """;
        foreach (var edge in edges)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$from", edge.From);
            command.Parameters.AddWithValue("$to", edge.To);
            command.Parameters.AddWithValue("$kind", (int)edge.Kind);
            command.Parameters.AddWithValue("$source", (int)source);
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            command.ExecuteNonQuery();
        }
        if (replace)
        {
            command.Parameters.Clear();
            command.CommandText = "DELETE FROM topology_entities WHERE source = $source AND last_seen_ticks = -1; DELETE FROM topology_edges WHERE source = $source AND last_seen_ticks = -1";
            command.Parameters.AddWithValue("$source", (int)source);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
