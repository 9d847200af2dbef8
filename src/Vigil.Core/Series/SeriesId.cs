using System.Globalization;

namespace Vigil.Core.Series;

/// <summary>The store's short identifier of a series (positive).</summary>
public readonly record struct SeriesId
{
    /// <summary>Wraps a positive id.</summary>
    public SeriesId(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        Value = value;
    }

    /// <summary>The numeric id.</summary>
    public long Value { get; }

    /// <summary>Parses the decimal form.</summary>
    public static bool TryParse(string? text, out SeriesId id)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0)
        {
            id = new SeriesId(v);
            return true;
        }
        id = default;
        return false;
    }

    /// <summary>Parses the decimal form; throws <see cref="FormatException"/> when invalid.</summary>
    public static SeriesId Parse(string text) => TryParse(text, out var id) ? id : throw new FormatException($"invalid series id \"{text}\"");

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
