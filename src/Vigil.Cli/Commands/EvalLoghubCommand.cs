using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vigil.Logs.Evaluation;
using Vigil.Logs.Formats;
using Vigil.Logs.Mining;
using Vigil.Logs.Records;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil eval loghub</c>: GA, FGA, PA and FTA of the template miner on loghub-2k, per system and on average.</summary>
internal static class EvalLoghubCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The loghub directory: <System>/<System>_2k.log and its _structured*.csv.", Required = true };
        var formats = new Option<FileInfo?>("--formats") { Description = "JSON object of system name to header format; default DATA/formats.json." };
        var command = new Command("loghub", "Score template mining on loghub-2k (one default configuration; only the header format is per system).") { data, formats };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dataDir = parseResult.GetValue(data)!;
            var formatsFile = parseResult.GetValue(formats) ?? new FileInfo(Path.Combine(dataDir.FullName, "formats.json"));
            if (!formatsFile.Exists)
            {
                await Console.Error.WriteLineAsync($"vigil eval loghub: no formats file at {formatsFile.FullName}.");
                return 2;
            }
            var formatOf = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(formatsFile.FullName, cancellationToken)) ?? [];

            var systems = dataDir.GetDirectories().Select(d => d.Name)
                .Where(s => File.Exists(Path.Combine(dataDir.FullName, s, $"{s}_2k.log")) && formatOf.ContainsKey(s))
                .Order(StringComparer.Ordinal).ToList();
            if (systems.Count == 0)
            {
                await Console.Error.WriteLineAsync($"vigil eval loghub: no <System>/<System>_2k.log with a format under {dataDir.FullName}.");
                return 2;
            }

            var rows = new List<(string System, LoghubScores? Original, LoghubScores? Corrected, int Templates)>();
            var progress = new StepProgressBar(Console.Error, enabled: !Console.IsErrorRedirected);
            for (var s = 0; s < systems.Count; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var system = systems[s];
                var directory = Path.Combine(dataDir.FullName, system);
                var logFile = Path.Combine(directory, $"{system}_2k.log");
                var joiner = RecordJoiner.ForFormat(LogFormat.Parse(formatOf[system]));
                var parse = TemplateParse.Run(joiner.Join(File.ReadLines(logFile)), new TemplateMiner(),
                    done => progress.Report(system, s, systems.Count, done, 2000));
                var groups = parse.Templates.Select(t => t.Id.ToString()).ToList();
                var texts = parse.Templates.Select(t => t.Text).ToList();
                rows.Add((system,
                    Score(Path.Combine(directory, $"{system}_2k.log_structured.csv"), groups, texts),
                    Score(Path.Combine(directory, $"{system}_2k.log_structured_corrected.csv"), groups, texts),
                    parse.TemplateCount));
            }
            progress.Clear();

            Console.WriteLine($"{"System",-12} {"GA",6} {"FGA",6} {"PA",6} {"FTA",6} | {"GA*",6} {"FGA*",6} {"PA*",6} {"FTA*",6} {"templates",9}");
            foreach (var (system, original, corrected, templates) in rows)
            {
                Console.WriteLine($"{system,-12} {Format(original)} | {Format(corrected)} {templates,9}");
            }
            Console.WriteLine($"{"Average",-12} {Format(Average(rows.Select(r => r.Original)))} | {Format(Average(rows.Select(r => r.Corrected)))}");
            Console.WriteLine("GA/FGA/PA/FTA against _structured.csv; starred against _structured_corrected.csv (Khan et al.).");
            return 0;
        });
        return command;
    }

    private static LoghubScores? Score(string structuredCsv, List<string> groups, List<string> texts)
    {
        if (!File.Exists(structuredCsv))
        {
            return null;
        }
        using var reader = new StreamReader(structuredCsv);
        var records = Csv.ReadRecords(reader).ToList();
        var column = Array.IndexOf(records[0], "EventTemplate");
        var truth = records.Skip(1).Where(r => r.Length > column).Select(r => r[column]).ToList();
        if (truth.Count != groups.Count)
        {
            throw new InvalidDataException($"{structuredCsv} has {truth.Count} rows but the log parsed into {groups.Count} records.");
        }
        return LoghubMetrics.Score(truth, groups, texts);
    }

    private static LoghubScores? Average(IEnumerable<LoghubScores?> scores)
    {
        var present = scores.Where(s => s.HasValue).Select(s => s!.Value).ToList();
        return present.Count == 0
            ? null
            : new LoghubScores(present.Average(s => s.GroupingAccuracy), present.Average(s => s.GroupingF1),
                present.Average(s => s.ParsingAccuracy), present.Average(s => s.TemplateF1));
    }

    private static string Format(LoghubScores? s) => s is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v.GroupingAccuracy,6:F3} {v.GroupingF1,6:F3} {v.ParsingAccuracy,6:F3} {v.TemplateF1,6:F3}")
        : $"{"-",6} {"-",6} {"-",6} {"-",6}";
}
