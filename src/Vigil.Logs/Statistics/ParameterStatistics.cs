using System.Globalization;
using System.Text;
using Vigil.Logs.Mining;

namespace Vigil.Logs.Statistics;

/// <summary>What the values of one template variable looked like over some lines.</summary>
/// <param name="Position">1-based position of the variable in the template.</param>
/// <param name="Values">How many values were seen.</param>
/// <param name="Distinct">How many of them were distinct.</param>
/// <param name="Top">The most frequent values with their counts, most first (ties: first seen first).</param>
/// <param name="Numeric">How many values were numbers (invariant culture, optionally with a size or time unit stripped).</param>
/// <param name="Min">Smallest numeric value, when any.</param>
/// <param name="Median">Median numeric value, when any.</param>
/// <param name="Max">Largest numeric value, when any.</param>
public sealed record ParameterSummary(
    int Position,
    int Values,
    int Distinct,
    IReadOnlyList<KeyValuePair<string, int>> Top,
    int Numeric,
    double? Min,
    double? Median,
    double? Max)
{
    /// <summary>One line for a signal's evidence: <c>12 values, 3 distinct: a ×5, b ×4, c ×3; numeric min 1, median 2, max 9</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Values} values, {Distinct} distinct: ");
        for (var i = 0; i < Top.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(Top[i].Key).Append(CultureInfo.InvariantCulture, $" ×{Top[i].Value}");
        }
        if (Numeric > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; numeric ({Numeric}) min {Min:G6}, median {Median:G6}, max {Max:G6}");
        }
        return text.ToString();
    }
}

/// <summary>
/// Parameter value statistics of a template over example messages: per variable, the top values with counts and the
/// numeric min/median/max. What a log signal shows so an operator sees which user, host or size the lines were about.
/// </summary>
public static class ParameterStatistics
{
    /// <summary>Summarizes the variables of <paramref name="template"/> over <paramref name="messages"/>.</summary>
    /// <param name="template">The template the messages belong to.</param>
    /// <param name="messages">Messages (without their headers) of that template.</param>
    /// <param name="top">How many of the most frequent values to keep per variable.</param>
    /// <returns>One summary per variable position that had a value, in order.</returns>
    public static IReadOnlyList<ParameterSummary> Summarize(LogTemplate template, IEnumerable<string> messages, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var counts = new List<Dictionary<string, int>>();
        var order = new List<List<string>>();
        var numbers = new List<List<double>>();
        var totals = new List<int>();
        foreach (var message in messages)
        {
            var parameters = template.GetParameters(message);
            for (var p = 0; p < parameters.Count; p++)
            {
                if (counts.Count <= p)
                {
                    counts.Add(new Dictionary<string, int>(StringComparer.Ordinal));
                    order.Add([]);
                    numbers.Add([]);
                    totals.Add(0);
                }
                var value = parameters[p];
                totals[p]++;
                if (counts[p].TryGetValue(value, out var n))
                {
                    counts[p][value] = n + 1;
                }
                else
                {
                    counts[p][value] = 1;
                    order[p].Add(value);
                }
                if (TryNumber(value, out var number))
                {
                    numbers[p].Add(number);
                }
            }
        }
        var summaries = new List<ParameterSummary>(counts.Count);
        for (var p = 0; p < counts.Count; p++)
        {
            var ranked = order[p].Select((value, index) => (value, index, count: counts[p][value]))
                .OrderByDescending(v => v.count).ThenBy(v => v.index).Take(top)
                .Select(v => KeyValuePair.Create(v.value, v.count)).ToArray();
            var sorted = numbers[p];
            sorted.Sort();
            double? min = null, median = null, max = null;
            if (sorted.Count > 0)
            {
                min = sorted[0];
                max = sorted[^1];
                median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]);
            }
            summaries.Add(new ParameterSummary(p + 1, totals[p], counts[p].Count, ranked, sorted.Count, min, median, max));
        }
        return summaries;
    }

    /// <summary>A number, optionally followed by a unit of letters (<c>16.0KB</c>, <c>250ms</c>) or a percent sign.</summary>
    private static bool TryNumber(string value, out double number)
    {
        var span = value.AsSpan().Trim();
        var end = span.Length;
        while (end > 0 && (char.IsAsciiLetter(span[end - 1]) || span[end - 1] == '%'))
        {
            end--;
        }
        return double.TryParse(span[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }
}
