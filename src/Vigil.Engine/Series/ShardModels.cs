using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Detection;
using Vigil.Engine.Hosting;

namespace Vigil.Engine.Series;

/// <summary>
/// A shard's side of model persistence. At activation it reads the shard's stored models in one query (and, for series
/// without one, the verdicts recorded on their signals); a series takes its model back when it first appears, so
/// series that never come back cost a blob in memory, not a detector. <see cref="SaveChangedAsync"/> writes the
/// series whose detector or verdicts changed since their last write, in one transaction.
/// A model that cannot be read, or was learned by another detector, is skipped with a log line: the series re-learns.
/// </summary>
internal sealed partial class ShardModels
{
    private readonly IModelStore _store;
    private readonly int _shard;
    private readonly EngineOptions _options;
    private readonly Func<IStreamingDetector> _newDetector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<long, StoredModel> _stored;
    private readonly Dictionary<long, List<FeedbackVerdict>> _verdicts;

    private ShardModels(
        IModelStore store, int shard, EngineOptions options, Func<IStreamingDetector> newDetector, TimeProvider time, ILogger logger,
        Dictionary<long, StoredModel> stored, Dictionary<long, List<FeedbackVerdict>> verdicts)
    {
        _store = store;
        _shard = shard;
        _options = options;
        _newDetector = newDetector;
        _time = time;
        _logger = logger;
        _stored = stored;
        _verdicts = verdicts;
    }

    /// <summary>Stored models not yet taken back by their series.</summary>
    public int Waiting => _stored.Count;

    /// <summary>Reads shard <paramref name="shard"/>'s models and the verdicts on its series' anomalies.</summary>
    public static async Task<ShardModels> LoadAsync(
        IModelStore store, int shard, EngineOptions options, Func<IStreamingDetector> newDetector, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        var stored = new Dictionary<long, StoredModel>();
        var verdicts = new Dictionary<long, List<FeedbackVerdict>>();
        try
        {
            await ReadAsync(store, shard, options, time, stored, verdicts, cancellationToken);
        }
#pragma warning disable CA1031 // An unreadable models.db costs a warm-up; it must not keep the shard (and ingest) from starting.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogUnreadable(logger, shard, e);
            stored.Clear();
            verdicts.Clear();
        }
        return new ShardModels(store, shard, options, newDetector, time, logger, stored, verdicts);
    }

    private static async Task ReadAsync(
        IModelStore store, int shard, EngineOptions options, TimeProvider time,
        Dictionary<long, StoredModel> stored, Dictionary<long, List<FeedbackVerdict>> verdicts, CancellationToken cancellationToken)
    {
        var horizon = (time.GetUtcNow() - options.Retention).ToUnixTimeMilliseconds();
        foreach (var model in await store.LoadShardAsync(shard, options.Shards, cancellationToken))
        {
            if (model.SavedAtMs >= horizon)
            {
                // Older ones belong to series gone past retention; the next round deletes them.
                stored[model.Series.Value] = model;
            }
        }
        foreach (var (signal, feedback) in await store.VerdictsAsync(SignalKind.MetricAnomaly, cancellationToken))
        {
            if (AnomalyFeedback.TryDescribe(signal, out var id, out var key, out var deviation) && key.ShardOf(options.Shards) == shard)
            {
                // The filter fades a false positive's quiet from the series' time of the verdict; the nearest recorded
                // fact is the anomaly's own time (the worst point's, else the signal's start).
                var at = signal.Evidence.TryGetValue("at", out var text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : signal.Start;
                if (!verdicts.TryGetValue(id.Value, out var list))
                {
                    verdicts[id.Value] = list = [];
                }
                list.Add(new FeedbackVerdict(feedback.Verdict, deviation, at.UtcTicks));
            }
        }
    }

    /// <summary>
    /// Gives a series seen for the first time since activation its stored model: the detector's learned state and the
    /// verdicts; without a readable model, the verdicts recorded on its signals.
    /// </summary>
    public void Restore(SeriesState state)
    {
        var id = state.Id.Value;
        _verdicts.Remove(id, out var recorded);
        if (_stored.Remove(id, out var stored))
        {
            DecodedModel? model = null;
            try
            {
                model = SeriesModelCodec.Decode(stored.State);
            }
#pragma warning disable CA1031 // Whatever damaged bytes make the decoder throw, the series re-learns; the shard goes on.
            catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                LogSkipped(_logger, state.Key, id, e.Message);
            }
            if (model is not null)
            {
                foreach (var verdict in model.Verdicts)
                {
                    state.Apply(verdict, _options.FeedbackHalfLife);
                }
                state.ModelChanged = false;
                RestoreDetector(state, stored, model);
                return;
            }
        }
        foreach (var verdict in recorded ?? [])
        {
            state.Apply(verdict, _options.FeedbackHalfLife);
        }
    }

    /// <summary>Writes the models of the series in <paramref name="series"/> that changed since their last write.</summary>
    /// <returns>Models written and their bytes.</returns>
    public async Task<ShardModelsSaved> SaveChangedAsync(IEnumerable<SeriesState> series, CancellationToken cancellationToken = default)
    {
        var changed = new List<SeriesState>();
        foreach (var state in series)
        {
            if (state.ModelChanged)
            {
                changed.Add(state);
            }
        }
        if (changed.Count == 0)
        {
            return new ShardModelsSaved(0, 0);
        }
        var savedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var models = new StoredModel[changed.Count];
        long bytes = 0;
        for (var i = 0; i < changed.Count; i++)
        {
            models[i] = new StoredModel(changed[i].Id, _shard, _options.Shards, _options.Detector, savedAt, SeriesModelCodec.Encode(changed[i]));
            bytes += models[i].State.Length;
        }
        // Off the grain's scheduler thread: SQLite's calls are synchronous. The grain still waits (one turn at a time).
        await Task.Run(() => _store.SaveAsync(models, cancellationToken), cancellationToken);
        foreach (var state in changed)
        {
            state.ModelChanged = false;
        }
        return new ShardModelsSaved(changed.Count, bytes);
    }

    private void RestoreDetector(SeriesState state, StoredModel stored, DecodedModel model)
    {
        if (stored.Detector != _options.Detector)
        {
            LogOtherDetector(_logger, state.Key, state.Id.Value, stored.Detector, _options.Detector);
            return;
        }
        var detector = _newDetector();
        try
        {
            DetectorSnapshot.Restore(detector, model.Detector);
            // A detector whose state layout changed without a new format version could read another version's bytes
            // as numbers of its own; writing them back shows it: a faithful restore writes the same bytes.
            if (!DetectorSnapshot.Save(detector).AsSpan().SequenceEqual(model.Detector))
            {
                throw new InvalidDataException($"the {stored.Detector} snapshot does not read back to itself (written by another version of the detector)");
            }
        }
#pragma warning disable CA1031 // Whatever a damaged or foreign snapshot makes a detector throw, the series re-learns; the shard goes on.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogSkipped(_logger, state.Key, state.Id.Value, e.Message);
            return;
        }
        state.Detector = detector;
        state.DetectedThroughMs = model.DetectedThroughMs;
        if (model.LastValueKnown && state.LastTimestampMs == model.DetectedThroughMs)
        {
            // The last sealed sample is the one the detector saw last: a counter's next rate can be taken from it.
            state.LastValueBits = model.LastValueBits;
            state.LastValueKnown = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} could not read its stored models; its series re-learn")]
    private static partial void LogUnreadable(ILogger logger, int shard, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored model of series {Series} (id {Id}) was skipped, the series re-learns: {Problem}")]
    private static partial void LogSkipped(ILogger logger, SeriesKey series, long id, string problem);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The stored model of series {Series} (id {Id}) was learned by detector {Stored}, not Engine:Detector {Current}: its detector re-learns, its verdicts are kept")]
    private static partial void LogOtherDetector(ILogger logger, SeriesKey series, long id, string stored, string current);
}
