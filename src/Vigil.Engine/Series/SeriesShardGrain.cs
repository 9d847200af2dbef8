using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Core.Chunks;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Detection;
using Vigil.Detection.Feedback;
using Vigil.Engine.Hosting;
using Vigil.Engine.Telemetry;

namespace Vigil.Engine.Series;

/// <summary>
/// A shard of the series space. Appends samples to head chunks, runs the detector per series, seals full or old
/// heads into the <see cref="ChunkWriter"/>, and opens and closes anomaly signals (one per episode). The learned
/// models are restored from <see cref="IModelStore"/> as series come back and written by <see cref="SaveModelsAsync"/>
/// and at deactivation (<see cref="ShardModels"/>).
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class SeriesShardGrain(
    ChunkWriter writer,
    ISignalStore signals,
    SealedTimes sealedTimes,
    EngineOptions options,
    VigilMetrics metrics,
    TimeProvider time,
    IModelStore models,
    ILogger<SeriesShardGrain> logger) : Grain, ISeriesShardGrain
{
    private readonly Func<IStreamingDetector> _newDetector = DetectorCatalog.TryCreate(options.Detector, out var factory)
        ? factory : throw new ArgumentException($"Engine:Detector = {options.Detector} is not a known detector.", nameof(options));
    private readonly AnomalySignalRule _rule = AnomalySignalRule.From(options);
    private readonly Dictionary<long, SeriesState> _series = [];
    private readonly List<Signal> _signalChanges = [];
    private ShardModels _models = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _models = await ShardModels.LoadAsync(models, (int)this.GetPrimaryKeyLong(), options, _newDetector, time, logger, cancellationToken);

    public async Task<ShardAppendResult> AppendAsync(ShardBatch batch)
    {
        int accepted = 0, duplicates = 0, outOfOrder = 0;
        string? firstOutOfOrder = null;
        var now = time.GetUtcNow();
        foreach (var append in batch.Series)
        {
            var state = GetOrCreate(append.Id, append.Key);
            foreach (var sample in append.Samples)
            {
                var bits = BitConverter.DoubleToUInt64Bits(sample.Value);
                if (sample.TimestampMs <= state.LastTimestampMs)
                {
                    if (IsInHead(state, sample.TimestampMs, bits))
                    {
                        duplicates++;
                    }
                    else
                    {
                        outOfOrder++;
                        firstOutOfOrder ??= string.Create(CultureInfo.InvariantCulture,
                            $"{append.Key}: sample at {sample.TimestampMs} is not after the series' latest at {state.LastTimestampMs}");
                    }
                    continue;
                }
                Append(state, sample, bits, batch.JournalSequence, now);
                accepted++;
            }
        }
        await FlushSignalChangesAsync();
        return new ShardAppendResult(accepted, duplicates, outOfOrder, firstOutOfOrder);
    }

    public Task<ShardWatermark> CheckpointAsync(TimeSpan maxHeadAge)
    {
        var now = time.GetUtcNow();
        var lowest = long.MaxValue;
        int active = 0, sealedNow = 0;
        foreach (var state in _series.Values)
        {
            if (state.Head is null)
            {
                continue;
            }
            if (now - state.HeadOpenedAt >= maxHeadAge)
            {
                Seal(state);
                sealedNow++;
                continue;
            }
            active++;
            lowest = Math.Min(lowest, state.HeadSequence);
        }
        return Task.FromResult(new ShardWatermark(lowest, active, sealedNow));
    }

    public Task<Sample[]> ReadHeadAsync(SeriesId id, long fromMs, long toMs)
    {
        if (!_series.TryGetValue(id.Value, out var state) || state.Head is null)
        {
            return Task.FromResult(Array.Empty<Sample>());
        }
        var result = new List<Sample>(state.Head.Count);
        var reader = new XorChunkIterator(state.Head.Bytes);
        while (reader.MoveNext())
        {
            var s = reader.Current;
            if (s.TimestampMs >= fromMs && s.TimestampMs <= toMs)
            {
                result.Add(s);
            }
        }
        return Task.FromResult(result.ToArray());
    }

    public async Task FeedbackAsync(SeriesFeedback feedback)
    {
        var state = GetOrCreate(feedback.Id, feedback.Key);
        // The quiet level fades in the series' own time, like its detector: from its latest sample, or now before any.
        var at = state.LastTimestampMs != long.MinValue
            ? DateTimeOffset.FromUnixTimeMilliseconds(state.LastTimestampMs).UtcDateTime
            : time.GetUtcNow().UtcDateTime;
        state.Apply(new FeedbackVerdict(feedback.Verdict, feedback.Deviation, at.Ticks), options.FeedbackHalfLife);
        // Verdicts are rare and people expect them to stick: written now, not at the next round (which retries a failure).
        try
        {
            await _models.SaveChangedAsync([state]);
        }
#pragma warning disable CA1031 // The verdict is applied and recorded in signal_feedback; a failed model write is retried, not the caller's error.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "The model of series {Series} could not be written after a verdict; the next snapshot round tries again", state.Key);
        }
    }

    public Task<ShardModelsSaved> SaveModelsAsync() => _models.SaveChangedAsync(_series.Values);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Leaving memory: seal every head so nothing waits on an activation that no longer exists.
        foreach (var state in _series.Values)
        {
            if (state.Head is not null)
            {
                Seal(state);
            }
        }
        await writer.FlushAsync(cancellationToken);
        try
        {
            await _models.SaveChangedAsync(_series.Values, cancellationToken);
        }
#pragma warning disable CA1031 // Losing models costs a warm-up; it must not keep the shard's heads from being flushed above.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Shard {Shard} could not write its series models while deactivating; they re-learn after a restart", this.GetPrimaryKeyLong());
        }
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// True when the head chunk already holds exactly this sample: a retried request (the sender never saw the
    /// acknowledgement) repeats samples older than the latest, and they are duplicates, not conflicts. Samples already
    /// sealed cannot be told apart from conflicts without reading the store, and count as out of order.
    /// </summary>
    private static bool IsInHead(SeriesState state, long timestampMs, ulong bits)
    {
        if (timestampMs == state.LastTimestampMs)
        {
            return bits == state.LastValueBits;
        }
        if (state.Head is null || timestampMs < state.Head.MinTimeMs)
        {
            return false;
        }
        foreach (var stored in new XorChunkIterator(state.Head.Bytes))
        {
            if (stored.TimestampMs >= timestampMs)
            {
                return stored.TimestampMs == timestampMs && BitConverter.DoubleToUInt64Bits(stored.Value) == bits;
            }
        }
        return false;
    }

    private SeriesState GetOrCreate(SeriesId id, SeriesKey key)
    {
        if (!_series.TryGetValue(id.Value, out var state))
        {
            state = new SeriesState(id, key, sealedTimes.Get(id), _newDetector());
            _models.Restore(state);
            _series.Add(id.Value, state);
        }
        return state;
    }

    private void Append(SeriesState state, Sample sample, ulong bits, long sequence, DateTimeOffset now)
    {
        if (state.Head is null)
        {
            state.Head = new XorChunkAppender();
            state.HeadSequence = sequence;
            state.HeadOpenedAt = now;
        }
        state.Head.Append(sample.TimestampMs, sample.Value);
        var observed = Observed(state, sample);
        state.LastTimestampMs = sample.TimestampMs;
        state.LastValueBits = bits;
        state.LastValueKnown = true;
        // A sample the restored detector already learned (a journal replay after a restart) is not learned twice.
        if (observed is { } value && sample.TimestampMs > state.DetectedThroughMs)
        {
            Detect(state, sample, value);
            state.ModelChanged = true;
        }
        if (state.Head.Count >= options.SamplesPerChunk)
        {
            Seal(state);
        }
    }

    private void Seal(SeriesState state)
    {
        var head = state.Head!;
        writer.Enqueue(new SealedChunk(state.Id, head.MinTimeMs, head.MaxTimeMs, head.Count, head.ToArray()), state.HeadSequence);
        state.Head = null;
    }

    /// <summary>
    /// What the detector sees for a sample: the value itself for a gauge; for a counter its per-second rate since the
    /// previous sample (<see cref="AnomalySignalRule.CounterRate"/>), or nothing when there is no previous one.
    /// </summary>
    private static double? Observed(SeriesState state, Sample sample)
    {
        if (!state.IsCounter || sample.IsStale)
        {
            return sample.Value;
        }
        if (!state.LastValueKnown)
        {
            return null;
        }
        var rate = AnomalySignalRule.CounterRate(BitConverter.UInt64BitsToDouble(state.LastValueBits),
            DateTimeOffset.FromUnixTimeMilliseconds(state.LastTimestampMs), sample.Value, sample.Time);
        return double.IsNaN(rate) ? null : rate;
    }

    private void Detect(SeriesState state, Sample sample, double value)
    {
        if (sample.IsStale)
        {
            // The series ended: whatever was wrong with it is over.
            CloseSignal(state, sample.Time);
            return;
        }
        var at = sample.Time.UtcDateTime;
        var verdict = state.Detector.Update(at, value);
        var quieted = verdict.Score >= _rule.Threshold && state.Feedback?.Quiets(FeedbackFilter.Deviation(value, verdict), at) == true;
        switch (_rule.Observe(state.Episode, verdict, quieted))
        {
            case AnomalyStep.Opened:
                var signal = AnomalySignalRule.NewSignal(state.Key, state.IsCounter, sample.Time, value, verdict, state.Episode)
                    with { Evidence = Evidence(state, sample, value, verdict) };
                state.OpenSignal = signal;
                _signalChanges.Add(signal);
                metrics.SignalsEmitted.WithLabels(nameof(SignalKind.MetricAnomaly)).Inc();
                break;
            case AnomalyStep.Raised when state.OpenSignal is { } open:
                state.OpenSignal = open with { Severity = state.Episode.Severity, Score = Math.Max(open.Score, verdict.Score), Evidence = Evidence(state, sample, value, verdict) };
                _signalChanges.Add(state.OpenSignal);
                break;
            case AnomalyStep.Closed:
                CloseSignal(state, sample.Time);
                break;
        }
    }

    private void CloseSignal(SeriesState state, DateTimeOffset end)
    {
        AnomalySignalRule.Close(state.Episode);
        if (state.OpenSignal is { } open)
        {
            _signalChanges.Add(open with { End = end });
            state.OpenSignal = null;
        }
    }

    private ImmutableSortedDictionary<string, string> Evidence(SeriesState state, Sample sample, double value, DetectionResult verdict) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [
            KeyValuePair.Create("series", state.Key.ToString()),
            KeyValuePair.Create("series_id", state.Id.ToString()),
            KeyValuePair.Create("detector", options.Detector),
            KeyValuePair.Create("score", verdict.Score.ToString("R", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("deviation", FeedbackFilter.Deviation(value, verdict).ToString("R", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("observed", value.ToString("R", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("measure", state.IsCounter ? "rate per second" : "value"),
            KeyValuePair.Create("expected", verdict.Expected.ToString("R", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("lower", verdict.Lower.ToString("R", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("upper", verdict.Upper.ToString("R", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("at", sample.Time.ToString("O", CultureInfo.InvariantCulture)),
        ]);

    private async Task FlushSignalChangesAsync()
    {
        if (_signalChanges.Count == 0)
        {
            return;
        }
        var changes = _signalChanges.ToArray();
        _signalChanges.Clear();
        await signals.UpsertAsync(changes);
    }
}
