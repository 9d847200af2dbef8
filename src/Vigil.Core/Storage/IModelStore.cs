using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Core.Storage;

/// <summary>The learned model of one series as stored: its shard's encoding of detector state and verdicts.</summary>
/// <param name="Series">The series.</param>
/// <param name="Shard">The shard that wrote it.</param>
/// <param name="Shards">How many shards there were (a different count moves series between shards).</param>
/// <param name="Detector">The detector's catalog name (<c>Engine:Detector</c> when written).</param>
/// <param name="SavedAtMs">When it was written, Unix milliseconds of the server clock.</param>
/// <param name="State">The encoded model; the store does not read it.</param>
public sealed record StoredModel(SeriesId Series, int Shard, int Shards, string Detector, long SavedAtMs, byte[] State);

/// <summary>A recorded verdict together with the signal it was given on.</summary>
/// <param name="Signal">The signal, with its evidence.</param>
/// <param name="Feedback">The verdict.</param>
public sealed record SignalVerdictRecord(Signal Signal, SignalFeedback Feedback);

/// <summary>
/// The series' learned models (detector state and feedback), so that a restart or a shard deactivation does not
/// send every series back to its warm-up.
/// </summary>
public interface IModelStore
{
    /// <summary>Inserts or replaces models by series, all in one transaction.</summary>
    Task SaveAsync(IReadOnlyList<StoredModel> models, CancellationToken cancellationToken = default);

    /// <summary>The models written by shard <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    Task<IReadOnlyList<StoredModel>> LoadShardAsync(int shard, int shards, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every verdict recorded on a signal of <paramref name="kind"/>, oldest first, with its signal: what rebuilds a
    /// series' feedback when it has no stored model.
    /// </summary>
    Task<IReadOnlyList<SignalVerdictRecord>> VerdictsAsync(SignalKind kind, CancellationToken cancellationToken = default);

    /// <summary>Deletes the models last written before <paramref name="savedBeforeMs"/> (series gone past retention); returns how many.</summary>
    Task<int> DeleteSavedBeforeAsync(long savedBeforeMs, CancellationToken cancellationToken = default);

    /// <summary>Bytes and rows of stored models.</summary>
    Task<(long Bytes, long Models)> StatsAsync(CancellationToken cancellationToken = default);
}
