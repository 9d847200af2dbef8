using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Eval;
using Vigil.Correlation.RootCause;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil rca</c>: offline root-cause ranking on files in PetShop's layout. Stdout holds the ranking only.</summary>
internal static class RcaCommand
{
    public static Command Create()
    {
        var graph = new Option<FileInfo>("--graph") { Description = "Call graph: adjacency matrix CSV, node names as header and first column (row calls column)", Required = true };
        var normal = new Option<FileInfo>("--normal") { Description = "Metrics of normal operation (three header rows microservice/metric/statistic, timestamp first column)", Required = true };
        var abnormal = new Option<FileInfo>("--abnormal") { Description = "Metrics around the violation, same layout; the violation is reported at its third row", Required = true };
        var target = new Option<string>("--target") { Description = "The symptom: NODE:METRIC:STATISTIC, e.g. PetSite:latency:Average", Required = true };
        var top = new Option<int>("--top") { Description = "How many candidates to print", DefaultValueFactory = _ => 3 };
        var explain = new Option<bool>("--explain") { Description = "Write each printed candidate's evidence to stderr" };

        var command = new Command("rca", "Rank the probable root causes of a symptom; prints rank,node,metric,score rows, best first (none when the symptom is not anomalous).")
        {
            graph, normal, abnormal, target, top, explain,
        };
        command.SetAction(parse =>
        {
            if (!RcaTarget.TryParse(parse.GetValue(target), out var symptom, out var error))
            {
                Console.Error.WriteLine($"--target: {error}");
                return 2;
            }
            var k = parse.GetValue(top);
            if (k < 1)
            {
                Console.Error.WriteLine("--top: must be at least 1");
                return 2;
            }
            try
            {
                var topology = PetShopData.ReadGraph(parse.GetValue(graph)!.FullName);
                var normalFrame = PetShopData.ReadFrame(parse.GetValue(normal)!.FullName);
                var abnormalFrame = PetShopData.ReadFrame(parse.GetValue(abnormal)!.FullName);
                var analysis = new MetricRootCauseAnalyzer().Analyze(topology, symptom, normalFrame, abnormalFrame);
                if (!analysis.Triggered)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{symptom} is not anomalous (largest robust z {analysis.TriggerScore:0.##}): no root cause."));
                }
                var rank = 0;
                foreach (var candidate in analysis.Candidates.Take(k))
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{++rank},{Csv(candidate.Node)},{Csv(candidate.Metric)},{candidate.Score:0.######}"));
                    if (parse.GetValue(explain))
                    {
                        foreach (var evidence in candidate.Evidence)
                        {
                            Console.Error.WriteLine($"  {rank} {candidate.Node}: {evidence.Text}");
                        }
                    }
                }
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
