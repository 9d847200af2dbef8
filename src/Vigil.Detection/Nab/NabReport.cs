using System.Globalization;

namespace Vigil.Detection.Nab;

/// <summary>Writes NAB scores as plain-text tables: one line per profile, then per category under each profile.</summary>
public static class NabReport
{
    /// <summary>Writes the tables for <paramref name="scores"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, string detectorName, IReadOnlyList<NabProfileScore> scores)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(scores);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"NAB scores for '{detectorName}'"));
        writer.WriteLine(string.Create(c, $"{"profile",-20} {"score",8} {"threshold",12} {"raw",10}"));
        foreach (var s in scores)
        {
            writer.WriteLine(string.Create(c, $"{s.Profile.Name,-20} {s.Normalized,8:F2} {s.Threshold,12:G6} {s.Raw,10:F3}"));
        }
        foreach (var s in scores)
        {
            writer.WriteLine();
            writer.WriteLine(string.Create(c, $"{s.Profile.Name} by category (threshold {s.Threshold:G6})"));
            writer.WriteLine(string.Create(c, $"{"category",-24} {"files",5} {"windows",7} {"detected",8} {"fp rows",7} {"raw",9} {"score",8}"));
            foreach (var group in s.Files.GroupBy(f => f.File.Category))
            {
                var windows = group.Sum(f => f.Windows);
                var raw = group.Sum(f => f.Raw);
                var normalized = windows == 0 ? "n/a" : NabScorer.Normalize(raw, windows, s.Profile).ToString("F2", c);
                writer.WriteLine(string.Create(c, $"{group.Key,-24} {group.Count(),5} {windows,7} {group.Sum(f => f.DetectedWindows),8} {group.Sum(f => f.FalsePositiveRows),7} {raw,9:F3} {normalized,8}"));
            }
        }
    }
}
