using System.Text;

namespace Vigil.Correlation.Csv;

/// <summary>Reads RFC 4180 records (quoted fields, doubled quotes; no newlines inside fields) with their line numbers.</summary>
internal static class CsvRecords
{
    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            yield return (lineNumber, Split(line, lineNumber));
        }
    }

    private static string[] Split(string line, int lineNumber)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else if (c != '\r')
            {
                current.Append(c);
            }
        }
        if (quoted)
        {
            throw new FormatException($"line {lineNumber}: unterminated quoted field");
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
