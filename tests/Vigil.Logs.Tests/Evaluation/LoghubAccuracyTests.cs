using System.Text.Json;
using Vigil.Logs.Evaluation;
using Vigil.Logs.Formats;
using Vigil.Logs.Mining;
using Vigil.Logs.Records;
using Vigil.Testing;

namespace Vigil.Logs.Tests.Evaluation;

/// <summary>The accuracy and stability goals, on the loghub-2k systems present in ../shared, with the default options.</summary>
public sealed class LoghubAccuracyTests
{
    [Fact]
    public void DefaultMiner_LoghubSystems_ReachGroupingAndParsingGoals()
    {
        var root = SharedData.RequireDirectory("datasets/loghub");
        var formats = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(root, "formats.json")))!;
        var ga = new List<double>();
        var pa = new List<double>();
        foreach (var (system, format) in formats.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var corrected = Path.Combine(root, system, $"{system}_2k.log_structured_corrected.csv");
            if (!File.Exists(corrected))
            {
                continue;
            }
            var miner = new TemplateMiner();
            var templates = RecordJoiner.ForFormat(LogFormat.Parse(format))
                .Join(File.ReadLines(Path.Combine(root, system, $"{system}_2k.log")))
                .Select(e => miner.Process(e.Header.Content).Template)
                .ToList()
                .ConvertAll(t => t.Current);
            using var reader = new StreamReader(corrected);
            var records = Csv.ReadRecords(reader).ToList();
            var column = Array.IndexOf(records[0], "EventTemplate");
            var truth = records.Skip(1).Select(r => r[column]).ToList();
            var scores = LoghubMetrics.Score(truth, templates.Select(t => t.Id.ToString()).ToList(), templates.Select(t => t.Text).ToList());
            ga.Add(scores.GroupingAccuracy);
            pa.Add(scores.ParsingAccuracy);
        }

        Assert.NotEmpty(ga);
        Assert.True(ga.Average() >= 0.98, $"average GA {ga.Average():F3}");
        Assert.True(pa.Average() >= 0.80, $"average PA {pa.Average():F3}");
    }

    [Fact]
    public void DefaultMiner_Hdfs100Times_GrowsTemplatesByAtMostTenPercent()
    {
        var root = SharedData.RequireDirectory("datasets/loghub/HDFS");
        var format = LogFormat.Parse("<Date> <Time> <Pid> <Level> <Component>: <Content>");
        var contents = File.ReadLines(Path.Combine(root, "HDFS_2k.log"))
            .Select(l => format.TryParse(l, out var p) ? p.Content : null).OfType<string>().ToList();
        var miner = new TemplateMiner();
        contents.ForEach(c => miner.Process(c));
        var afterOne = miner.TemplateCount;
        for (var pass = 1; pass < 100; pass++)
        {
            contents.ForEach(c => miner.Process(c));
        }
        Assert.True(miner.TemplateCount <= afterOne * 1.1, $"{afterOne} templates after one pass, {miner.TemplateCount} after 100");
    }
}
