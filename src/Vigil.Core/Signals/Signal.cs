using System.Collections.Immutable;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Vigil.Core.Series;

namespace Vigil.Core.Signals;

/// <summary>
/// Something an analyzer found: one concept for metric anomalies, log anomalies, new log patterns, SLO burns,
/// forecast breaches and external alerts. A signal that persists stays one signal (open while <see cref="End"/>
/// is null); it is identified by (<see cref="Fingerprint"/>, <see cref="Start"/>).
/// </summary>
public sealed record Signal
{
    private readonly double _score;
    private readonly int _severity;

    /// <summary>What found it.</summary>
    public required SignalKind Kind { get; init; }

    /// <summary>What it is about: a service, host or series, e.g. <c>service/checkout</c> or a series key.</summary>
    public required string Entity { get; init; }

    /// <summary>When it began.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>When it ended; null while it is still active.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>How anomalous, 0–1.</summary>
    public double Score
    {
        get => _score;
        init
        {
            if (!(value is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(Score), value, "score must lie in [0, 1]");
            }
            _score = value;
        }
    }

    /// <summary>How bad, 0–100 (see <see cref="SeverityBand"/>).</summary>
    public int Severity
    {
        get => _severity;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Severity));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100, nameof(Severity));
            _severity = value;
        }
    }

    /// <summary>One line for a human.</summary>
    public required string Summary { get; init; }

    /// <summary>What supports it, e.g. <c>observed</c>, <c>expected</c>, <c>lower</c>, <c>upper</c>, <c>series</c>.</summary>
    public ImmutableSortedDictionary<string, string> Evidence { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Labels of the entity, used for grouping and routing.</summary>
    public Labels Labels { get; init; } = Labels.Empty;

    /// <summary>A stable identity of "the same problem" for deduplication (see <see cref="ComputeFingerprint"/>).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>True while the signal has not ended.</summary>
    public bool IsOpen => End is null;

    /// <summary>The severity band.</summary>
    public SeverityBand Band => Signals.Severity.ToBand(Severity);

    /// <summary>A 16-hex-digit fingerprint of kind, entity and labels, stable across processes.</summary>
    public static string ComputeFingerprint(SignalKind kind, string entity, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder().Append((int)kind).Append('\xff').Append(entity).Append('\xff').Append(labels.StableHash).ToString();
        return XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(text)).ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool Equals(Signal? other) =>
        other is not null
        && Kind == other.Kind && Entity == other.Entity && Start == other.Start && End == other.End
        && Score.Equals(other.Score) && Severity == other.Severity && Summary == other.Summary
        && Labels == other.Labels && Fingerprint == other.Fingerprint
        && Evidence.Count == other.Evidence.Count && Evidence.SequenceEqual(other.Evidence);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Entity, Start, End, Fingerprint, Severity);
}
