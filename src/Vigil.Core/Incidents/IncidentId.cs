using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Vigil.Core.Incidents;

/// <summary>The identity of an incident: a positive number handed out in order of opening, written as digits.</summary>
public readonly record struct IncidentId
{
    /// <summary>An id; throws when <paramref name="value"/> is not positive.</summary>
    public IncidentId(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, nameof(value));
        Value = value;
    }

    /// <summary>The number.</summary>
    public long Value { get; }

    /// <summary>The id after this one.</summary>
    public IncidentId Next() => new(Value + 1);

    /// <summary>Parses the digits of an id; false for anything else (signs, spaces, zero, overflow).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IncidentId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > 19 || !text.All(char.IsAsciiDigit)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }
        id = new IncidentId(value);
        return true;
    }

    /// <summary>Parses an id; throws <see cref="FormatException"/> naming the text.</summary>
    public static IncidentId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"\"{text}\" is not an incident id (a positive integer)");

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
