using System.CommandLine;
using System.Text;
using Vigil.Logs.Evaluation;
using Vigil.Logs.Formats;
using Vigil.Logs.Mining;
using Vigil.Logs.Records;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil logs …</c>: offline log tools.</summary>
internal static class LogsCommand
{
    public static Command Create() => new("logs", "Work with log files: parse them into templates.")
    {
        CreateParse(),
    };

    private static Command CreateParse()
    {
        var format = new Option<string?>("--format")
        {
            Description = "Header format in logparser's syntax, e.g. \"<Date> <Time> <Level> <Component>: <Content>\". "
                + "Omitted: syslog, JSON and logfmt lines are recognized, anything else is the message.",
        };
        var input = new Option<FileInfo>("--input") { Description = "The log file.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write (LineId,Content,EventId,EventTemplate).", Required = true };
        var command = new Command("parse", "Mine templates from a log file and write one CSV row per record.") { format, input, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var formatText = parseResult.GetValue(format);
            var joiner = formatText is null ? RecordJoiner.Automatic() : RecordJoiner.ForFormat(LogFormat.Parse(formatText));
            var inputFile = parseResult.GetValue(input)!;
            var outputFile = parseResult.GetValue(output)!;
            if (!inputFile.Exists)
            {
                await Console.Error.WriteLineAsync($"vigil logs parse: {inputFile.FullName} does not exist.");
                return 2;
            }

            var parse = TemplateParse.Run(joiner.Join(File.ReadLines(inputFile.FullName)), new TemplateMiner());
            await using var writer = new StreamWriter(outputFile.FullName, append: false, new UTF8Encoding(false));
            Csv.WriteRecord(writer, "LineId", "Content", "EventId", "EventTemplate");
            for (var i = 0; i < parse.Contents.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var template = parse.Templates[i];
                Csv.WriteRecord(writer, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), parse.Contents[i], template.Id.ToString(), template.Text);
            }
            await Console.Error.WriteLineAsync(
                $"{parse.Contents.Count} records, {parse.TemplateCount} templates, {joiner.OrphanLines} lines before the first record skipped.");
            return 0;
        });
        return command;
    }
}
