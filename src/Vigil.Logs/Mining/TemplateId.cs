using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Vigil.Logs.Mining;

/// <summary>
/// The identity of a log template: a positive number handed out in creation order, kept by snapshots, so a template keeps
/// its id across restarts. Written <c>T17</c>.
/// </summary>
public readonly record struct TemplateId
{
    /// <summary>Creates an id.</summary>
    /// <param name="value">A positive number.</param>
    public TemplateId(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        Value = value;
    }

    /// <summary>The number of the template.</summary>
    public int Value { get; }

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    /// <param name="text">For example <c>T17</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException">The text is not an id.</exception>
    public static TemplateId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a template id such as T17.");

    /// <summary>Parses the form written by <see cref="ToString"/>.</summary>
    /// <param name="text">For example <c>T17</c>.</param>
    /// <param name="id">The id when the text is valid.</param>
    /// <returns>Whether the text is an id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TemplateId id)
    {
        if (text is { Length: > 1 } && text[0] == 'T'
            && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            id = new TemplateId(value);
            return true;
        }
        id = default;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => "T" + Value.ToString(CultureInfo.InvariantCulture);
}
