using Microsoft.Data.Sqlite;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Storage.Sqlite.Signals;

namespace Vigil.Storage.Sqlite.Models;

/// <summary>
/// The series' learned models in <c>models.db</c>, one row per series, apart from <c>vigil.db</c>: a snapshot round
/// rewrites megabytes of blobs (about 12 KB per series with the default detector), which in <c>vigil.db</c> would
/// wait for, and make wait, the chunk writer behind SQLite's one writer; and a lost or damaged <c>models.db</c> only
/// costs a warm-up, so it can be deleted on its own. Verdicts are read from the signals of <c>vigil.db</c>.
/// </summary>
internal sealed class SqliteModelStore(SqliteDatabase database, SqliteSignalStore signals) : IModelStore
{
    /// <summary>File name of the models database.</summary>
    public const string FileName = "models.db";

    // synchronous=NORMAL: in WAL mode a commit is not fsynced until the next checkpoint; a power cut can lose the
    // latest round, which costs learning, never data (samples and verdicts live elsewhere), and spares the disk an
    // fsync of megabytes that the journal's fsyncs would queue behind.
    public const string Schema = """
        PRAGMA synchronous = NORMAL;
        PRAGMA user_version = 1;
        CREATE TABLE IF NOT EXISTS series_models(
            series_id INTEGER NOT NULL PRIMARY KEY,
            shard INTEGER NOT NULL,
            shards INTEGER NOT NULL,
            detector TEXT NOT NULL,
            saved_ms INTEGER NOT NULL,
            state BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS series_models_by_shard ON series_models(shards, shard);
        CREATE INDEX IF NOT EXISTS series_models_by_saved ON series_models(saved_ms);
        """;

    public async Task SaveAsync(IReadOnlyList<StoredModel> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            return;
        }
        using var lease = await database.WriteAsync(cancellationToken);
        using var transaction = lease.Connection.BeginTransaction();
        using var command = lease.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO series_models(series_id, shard, shards, detector, saved_ms, state)
            VALUES($id, $shard, $shards, $detector, $saved, $state)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var shard = command.Parameters.Add("$shard", SqliteType.Integer);
        var shards = command.Parameters.Add("$shards", SqliteType.Integer);
        var detector = command.Parameters.Add("$detector", SqliteType.Text);
        var saved = command.Parameters.Add("$saved", SqliteType.Integer);
        var state = command.Parameters.Add("$state", SqliteType.Blob);
        foreach (var model in models)
        {
            id.Value = model.Series.Value;
            shard.Value = model.Shard;
            shards.Value = model.Shards;
            detector.Value = model.Detector;
            saved.Value = model.SavedAtMs;
            state.Value = model.State;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public Task<IReadOnlyList<StoredModel>> LoadShardAsync(int shard, int shards, CancellationToken cancellationToken = default)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT series_id, detector, saved_ms, state FROM series_models WHERE shards = $shards AND shard = $shard";
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$shards", shards);
        var result = new List<StoredModel>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = reader.GetInt64(0);
            if (id <= 0)
            {
                continue; // not a series id: a damaged row, nothing to restore
            }
            result.Add(new StoredModel(new SeriesId(id), shard, shards, reader.GetString(1), reader.GetInt64(2),
                reader.GetValue(3) as byte[] ?? []));
        }
        return Task.FromResult<IReadOnlyList<StoredModel>>(result);
    }

    public Task<IReadOnlyList<SignalVerdictRecord>> VerdictsAsync(SignalKind kind, CancellationToken cancellationToken = default) =>
        Task.FromResult(signals.Verdicts(kind, cancellationToken));

    public async Task<int> DeleteSavedBeforeAsync(long savedBeforeMs, CancellationToken cancellationToken = default)
    {
        using var lease = await database.WriteAsync(cancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "DELETE FROM series_models WHERE saved_ms < $t";
        command.Parameters.AddWithValue("$t", savedBeforeMs);
        return command.ExecuteNonQuery();
    }

    public Task<(long Bytes, long Models)> StatsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = database.Read();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(length(state)), 0), COUNT(*) FROM series_models";
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult((reader.GetInt64(0), reader.GetInt64(1)));
    }
}
