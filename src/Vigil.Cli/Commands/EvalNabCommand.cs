using System.CommandLine;
using System.Diagnostics;
using Vigil.Detection;
using Vigil.Detection.Nab;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil eval nab</c>: runs a detector over the Numenta Anomaly Benchmark and scores it with NAB's rules.</summary>
internal static class EvalNabCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "NAB root: data/<category>/*.csv and labels/combined_windows.json", Required = true };
        var output = new Option<string>("--out") { Description = "Results directory (NAB layout: DIR/<detector>/<category>/<detector>_<file>.csv)", Required = true };
        var detector = new Option<string>("--detector")
        {
            Description = $"Detector name ({string.Join(", ", DetectorCatalog.Names)})",
            DefaultValueFactory = _ => DetectorCatalog.Default,
        };
        var command = new Command("nab", "Run a detector over NAB, write NAB's results layout and print NAB scores.") { data, output, detector };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(detector)!;
            if (!DetectorCatalog.TryCreate(name, out var factory))
            {
                Console.Error.WriteLine($"Unknown detector '{name}'. Known: {string.Join(", ", DetectorCatalog.Names)}");
                return Task.FromResult(2);
            }
            var stopwatch = Stopwatch.StartNew();
            var corpus = NabCorpus.Load(parseResult.GetValue(data)!);
            using var bar = new ProgressBar(Console.Error, corpus.Series.Count, "nab");
            var scores = NabHarness.Run(corpus, name, factory, parseResult.GetValue(output)!, bar, cancellationToken);
            bar.Dispose();
            var files = corpus.Series.Select(s => s.File).ToArray();
            var results = NabProfile.All.Select(p => NabScorer.Score(files, scores, p)).ToArray();
            NabReport.Write(Console.Out, name, results);
            Console.Out.WriteLine($"\n{corpus.Series.Count} files, {corpus.Series.Sum(s => s.Values.Length)} points, {corpus.WindowCount} windows in {stopwatch.Elapsed.TotalSeconds:F2} s");
            return Task.FromResult(0);
        });
        return command;
    }
}
