using System.Globalization;
using Vigil.Correlation.Csv;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// Reads metrics in PetShop's layout: three header rows (microservice, metric, statistic; their first cells are labels),
/// optionally a fourth label row (<c>unix_timestamp,,,…</c>), then one row per timestamp with the unix time first.
/// Empty cells are missing values (NaN).
/// </summary>
public static class MetricFrameCsv
{
    /// <summary>Parses the text.</summary>
    /// <exception cref="FormatException">The text is not in that layout; the message names the line and column.</exception>
    public static MetricFrame Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var headers = new List<string[]>(3);
        var timestamps = new List<double>();
        List<double>[]? columns = null;
        foreach (var (line, fields) in CsvRecords.Read(reader))
        {
            if (headers.Count < 3)
            {
                if (headers.Count > 0 && fields.Length != headers[0].Length)
                {
                    throw new FormatException($"line {line}: {fields.Length} cells, the first header row has {headers[0].Length}");
                }
                headers.Add(fields);
                if (headers.Count == 3)
                {
                    columns = [.. Enumerable.Range(0, fields.Length - 1).Select(static _ => new List<double>())];
                }
                continue;
            }
            if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var time))
            {
                if (timestamps.Count == 0)
                {
                    continue; // the optional "unix_timestamp" label row
                }
                throw new FormatException($"line {line}, column 1: \"{fields[0]}\" is not a unix timestamp");
            }
            if (fields.Length != headers[0].Length)
            {
                throw new FormatException($"line {line}: {fields.Length} cells, the header has {headers[0].Length}");
            }
            timestamps.Add(time);
            for (var c = 1; c < fields.Length; c++)
            {
                var cell = fields[c];
                double value;
                if (cell.Length == 0)
                {
                    value = double.NaN;
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    throw new FormatException($"line {line}, column {c + 1}: \"{cell}\" is not a number");
                }
                columns![c - 1].Add(value);
            }
        }
        if (headers.Count < 3)
        {
            throw new FormatException($"line {headers.Count + 1}: expected three header rows (microservice, metric, statistic)");
        }
        var names = new List<MetricColumn>(columns!.Length);
        for (var c = 1; c < headers[0].Length; c++)
        {
            names.Add(new MetricColumn(headers[0][c], headers[1][c], headers[2][c]));
        }
        return new MetricFrame(timestamps, names, [.. columns.Select(static l => l.ToArray())]);
    }
}
