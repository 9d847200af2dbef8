using System.Globalization;
using System.Text.Json;

namespace Vigil.Detection.Nab;

/// <summary>A NAB root on disk: <c>data/&lt;category&gt;/*.csv</c> and <c>labels/combined_windows.json</c>.</summary>
public sealed class NabCorpus
{
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss"];

    private NabCorpus(string root, IReadOnlyList<NabSeries> series)
    {
        Root = root;
        Series = series;
    }

    /// <summary>The NAB root directory.</summary>
    public string Root { get; }

    /// <summary>Every file listed in the windows file, in that file's order.</summary>
    public IReadOnlyList<NabSeries> Series { get; }

    /// <summary>Total number of labelled windows.</summary>
    public int WindowCount => Series.Sum(s => s.File.Windows.Count);

    /// <summary>Loads the files listed in <c>labels/combined_windows.json</c> under <paramref name="root"/>.</summary>
    public static NabCorpus Load(string root)
    {
        var labels = Path.Combine(root, "labels", "combined_windows.json");
        if (!File.Exists(labels))
        {
            throw new FileNotFoundException($"No labels/combined_windows.json under {root}: not a NAB root.", labels);
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(labels));
        var series = new List<NabSeries>();
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            var windows = new List<NabWindow>();
            foreach (var w in entry.Value.EnumerateArray())
            {
                windows.Add(new NabWindow(ParseTimestamp(w[0].GetString()!), ParseTimestamp(w[1].GetString()!)));
            }
            var (timestampText, valueText, timestamps, values) = ReadCsv(Path.Combine(root, "data", entry.Name));
            series.Add(new NabSeries(new NabFile(entry.Name, timestamps, windows), timestampText, valueText, values));
        }
        return new NabCorpus(root, series);
    }

    /// <summary>Parses a NAB timestamp (<c>yyyy-MM-dd HH:mm:ss</c>, optionally with microseconds).</summary>
    public static DateTime ParseTimestamp(string text) =>
        DateTime.ParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static (string[] Timestamps, string[] Values, DateTime[] Parsed, double[] Numbers) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var ts = new List<string>(lines.Length);
        var vs = new List<string>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected 'timestamp,value'.");
            }
            ts.Add(line[..comma]);
            vs.Add(line[(comma + 1)..]);
        }
        var parsed = new DateTime[ts.Count];
        var numbers = new double[ts.Count];
        for (var i = 0; i < ts.Count; i++)
        {
            parsed[i] = ParseTimestamp(ts[i]);
            numbers[i] = double.Parse(vs[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return ([.. ts], [.. vs], parsed, numbers);
    }
}

/// <summary>A NAB file with its values, and the original text of each row for writing results.</summary>
/// <param name="File">Timestamps and windows.</param>
/// <param name="TimestampText">Each row's timestamp as written in the data file.</param>
/// <param name="ValueText">Each row's value as written in the data file.</param>
/// <param name="Values">Each row's value.</param>
public sealed record NabSeries(NabFile File, string[] TimestampText, string[] ValueText, double[] Values);
