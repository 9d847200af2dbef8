using System.Collections.Immutable;
using Vigil.Core.Series;
using Vigil.Core.Signals;

namespace Vigil.Engine.Serialization;

// Vigil.Core knows nothing of Orleans; these surrogates let its values cross silos.

/// <summary>Wire form of <see cref="Labels"/>: names and values, alternating, sorted by name.</summary>
[GenerateSerializer, Immutable, Alias("vigil.labels")]
public readonly record struct LabelsSurrogate([property: Id(0)] string[] NamesAndValues);

/// <summary>Converts <see cref="Labels"/>.</summary>
[RegisterConverter]
public sealed class LabelsConverter : IConverter<Labels, LabelsSurrogate>
{
    /// <inheritdoc/>
    public Labels ConvertFromSurrogate(in LabelsSurrogate surrogate)
    {
        var pairs = surrogate.NamesAndValues;
        var labels = new Label[pairs.Length / 2];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = new Label(pairs[2 * i], pairs[(2 * i) + 1]);
        }
        return Labels.FromValidatedSorted(labels);
    }

    /// <inheritdoc/>
    public LabelsSurrogate ConvertToSurrogate(in Labels value)
    {
        var pairs = new string[value.Count * 2];
        for (var i = 0; i < value.Count; i++)
        {
            pairs[2 * i] = value[i].Name;
            pairs[(2 * i) + 1] = value[i].Value;
        }
        return new LabelsSurrogate(pairs);
    }
}

/// <summary>Wire form of <see cref="SeriesKey"/>.</summary>
[GenerateSerializer, Immutable, Alias("vigil.serieskey")]
public readonly record struct SeriesKeySurrogate([property: Id(0)] Labels Labels);

/// <summary>Converts <see cref="SeriesKey"/>.</summary>
[RegisterConverter]
public sealed class SeriesKeyConverter : IConverter<SeriesKey, SeriesKeySurrogate>
{
    /// <inheritdoc/>
    public SeriesKey ConvertFromSurrogate(in SeriesKeySurrogate surrogate) => SeriesKey.Create(surrogate.Labels);

    /// <inheritdoc/>
    public SeriesKeySurrogate ConvertToSurrogate(in SeriesKey value) => new(value.Labels);
}

/// <summary>Wire form of <see cref="SeriesId"/>.</summary>
[GenerateSerializer, Immutable, Alias("vigil.seriesid")]
public readonly record struct SeriesIdSurrogate([property: Id(0)] long Value);

/// <summary>Converts <see cref="SeriesId"/>.</summary>
[RegisterConverter]
public sealed class SeriesIdConverter : IConverter<SeriesId, SeriesIdSurrogate>
{
    /// <inheritdoc/>
    public SeriesId ConvertFromSurrogate(in SeriesIdSurrogate surrogate) => new(surrogate.Value);

    /// <inheritdoc/>
    public SeriesIdSurrogate ConvertToSurrogate(in SeriesId value) => new(value.Value);
}

/// <summary>Wire form of <see cref="Sample"/>.</summary>
[GenerateSerializer, Immutable, Alias("vigil.sample")]
public readonly record struct SampleSurrogate([property: Id(0)] long TimestampMs, [property: Id(1)] double Value);

/// <summary>Converts <see cref="Sample"/>.</summary>
[RegisterConverter]
public sealed class SampleConverter : IConverter<Sample, SampleSurrogate>
{
    /// <inheritdoc/>
    public Sample ConvertFromSurrogate(in SampleSurrogate surrogate) => new(surrogate.TimestampMs, surrogate.Value);

    /// <inheritdoc/>
    public SampleSurrogate ConvertToSurrogate(in Sample value) => new(value.TimestampMs, value.Value);
}

/// <summary>Wire form of <see cref="Signal"/>.</summary>
[GenerateSerializer, Immutable, Alias("vigil.signal")]
public readonly record struct SignalSurrogate(
    [property: Id(0)] SignalKind Kind,
    [property: Id(1)] string Entity,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset? End,
    [property: Id(4)] double Score,
    [property: Id(5)] int Severity,
    [property: Id(6)] string Summary,
    [property: Id(7)] string[] Evidence,
    [property: Id(8)] Labels Labels,
    [property: Id(9)] string Fingerprint);

/// <summary>Converts <see cref="Signal"/>.</summary>
[RegisterConverter]
public sealed class SignalConverter : IConverter<Signal, SignalSurrogate>
{
    /// <inheritdoc/>
    public Signal ConvertFromSurrogate(in SignalSurrogate s)
    {
        var evidence = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < s.Evidence.Length; i += 2)
        {
            evidence[s.Evidence[i]] = s.Evidence[i + 1];
        }
        return new Signal
        {
            Kind = s.Kind, Entity = s.Entity, Start = s.Start, End = s.End, Score = s.Score, Severity = s.Severity,
            Summary = s.Summary, Evidence = evidence.ToImmutable(), Labels = s.Labels, Fingerprint = s.Fingerprint,
        };
    }

    /// <inheritdoc/>
    public SignalSurrogate ConvertToSurrogate(in Signal value)
    {
        var evidence = new string[value.Evidence.Count * 2];
        var i = 0;
        foreach (var (k, v) in value.Evidence)
        {
            evidence[i++] = k;
            evidence[i++] = v;
        }
        return new SignalSurrogate(value.Kind, value.Entity, value.Start, value.End, value.Score, value.Severity, value.Summary, evidence, value.Labels, value.Fingerprint);
    }
}
