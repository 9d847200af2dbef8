using System.Globalization;
using System.Text;

namespace Vigil.Cli.Forecasting;

/// <summary>One series of an M4-layout file: its id and values in time order.</summary>
internal sealed record M4Series(string Id, double[] Values);

/// <summary>
/// Reads and writes the M4 layout: a header row, then one row per series (id, then values in time order). Rows may
/// differ in length or be padded with empty cells, which are ignored; fields may be quoted ("" escapes a quote).
/// </summary>
internal static class M4Csv
{
    /// <summary>Reads all series of <paramref name="path"/>; throws <see cref="FormatException"/> naming the line and field of a bad value.</summary>
    public static List<M4Series> Read(string path)
    {
        var result = new List<M4Series>();
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        var fields = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }
            Split(line, fields);
            var values = new List<double>(fields.Count);
            for (var i = 1; i < fields.Count; i++)
            {
                var field = fields[i].Trim();
                if (field.Length == 0 || field.Equals("NA", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new FormatException($"{path}: line {lineNumber}, field {i + 1}: '{field}' is not a number.");
                }
                values.Add(value);
            }
            result.Add(new M4Series(fields[0], [.. values]));
        }
        return result;
    }

    /// <summary>Writes <c>id,F1,…,FH</c> then one row per series.</summary>
    public static void Write(string path, int horizon, IEnumerable<(string Id, double[] Values)> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        var header = new StringBuilder("id");
        for (var h = 1; h <= horizon; h++)
        {
            header.Append(",F").Append(h.ToString(CultureInfo.InvariantCulture));
        }
        writer.WriteLine(header.ToString());
        foreach (var (id, values) in rows)
        {
            var line = new StringBuilder(Quote(id));
            foreach (var v in values)
            {
                line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            writer.WriteLine(line.ToString());
        }
    }

    private static string Quote(string id) =>
        id.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id;

    private static void Split(string line, List<string> fields)
    {
        fields.Clear();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
    }
}
