using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Engine.Series;

/// <summary>The samples of one series sent to its shard.</summary>
/// <param name="Id">The store id.</param>
/// <param name="Key">The series.</param>
/// <param name="Samples">Samples in ascending time order.</param>
[GenerateSerializer, Immutable, Alias("vigil.SeriesAppend")]
public sealed record SeriesAppend([property: Id(0)] SeriesId Id, [property: Id(1)] SeriesKey Key, [property: Id(2)] Sample[] Samples);

/// <summary>One request's share for one shard.</summary>
/// <param name="JournalSequence">The journal entry these samples came from.</param>
/// <param name="Series">The series of this shard.</param>
[GenerateSerializer, Immutable, Alias("vigil.ShardBatch")]
public sealed record ShardBatch([property: Id(0)] long JournalSequence, [property: Id(1)] SeriesAppend[] Series);

/// <summary>What a shard did with a batch.</summary>
/// <param name="Accepted">Samples appended.</param>
/// <param name="Duplicates">Samples identical to one already stored (a retried request): ignored.</param>
/// <param name="OutOfOrder">Samples older than, or at the time of a different value than, the series' latest: refused.</param>
/// <param name="FirstOutOfOrder">The first refused sample, for the error message.</param>
[GenerateSerializer, Immutable, Alias("vigil.ShardAppendResult")]
public sealed record ShardAppendResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] int OutOfOrder,
    [property: Id(3)] string? FirstOutOfOrder)
{
    /// <summary>Nothing done.</summary>
    public static ShardAppendResult Empty { get; } = new(0, 0, 0, null);

    /// <summary>Sums two results.</summary>
    public ShardAppendResult Add(ShardAppendResult other) =>
        new(Accepted + other.Accepted, Duplicates + other.Duplicates, OutOfOrder + other.OutOfOrder, FirstOutOfOrder ?? other.FirstOutOfOrder);
}

/// <summary>What a shard still holds that the journal must keep.</summary>
/// <param name="LowestSequence">Lowest journal sequence among unsealed head samples; <see cref="long.MaxValue"/> when none.</param>
/// <param name="ActiveSeries">Series with a head chunk.</param>
/// <param name="SealedNow">Head chunks sealed by this checkpoint for age.</param>
[GenerateSerializer, Immutable, Alias("vigil.ShardWatermark")]
public sealed record ShardWatermark([property: Id(0)] long LowestSequence, [property: Id(1)] int ActiveSeries, [property: Id(2)] int SealedNow);

/// <summary>A person's verdict on an anomaly of one series, for its shard.</summary>
/// <param name="Id">The store id.</param>
/// <param name="Key">The series.</param>
/// <param name="Verdict">False positive or confirmed.</param>
/// <param name="Deviation">How far the anomaly lay from the expected value, in band half-widths, signed (up is positive).</param>
[GenerateSerializer, Immutable, Alias("vigil.SeriesFeedback")]
public sealed record SeriesFeedback([property: Id(0)] SeriesId Id, [property: Id(1)] SeriesKey Key, [property: Id(2)] SignalVerdict Verdict, [property: Id(3)] double Deviation);

/// <summary>What a shard wrote to the model store.</summary>
/// <param name="Models">Series models written (those changed since their last write).</param>
/// <param name="Bytes">Their encoded bytes.</param>
[GenerateSerializer, Immutable, Alias("vigil.ShardModelsSaved")]
public sealed record ShardModelsSaved([property: Id(0)] int Models, [property: Id(1)] long Bytes);
