using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Eval;
using Vigil.Correlation.Benchmarks;
using Vigil.Correlation.RootCause;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil eval …</c>: accuracy harnesses on public benchmarks. Each benchmark adds its subcommand here.</summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Measure Vigil's accuracy on public benchmarks.")
    {
        EvalLoghubCommand.Create(),
        PetShop(),
        EvalNabCommand.Create(),
        EvalM4Command.Create(),
        EvalCorrelationCommand.Create(),
    };

    private static Command PetShop()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "PetShop dataset root (holds low_traffic/, high_traffic/, temporal_traffic1/, temporal_traffic2/)", Required = true };
        var split = new Option<string>("--split") { Description = "Issues to evaluate", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "test");
        var verbose = new Option<bool>("--verbose") { Description = "Also print each issue's top 3" };
        var command = new Command("petshop", "Top-1/top-3 recall per scenario and issue metric, and specificity on issue-free data, as PetShop's rca_task.py computes them.")
        {
            data, split, verbose,
        };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(data)!;
            if (!root.Exists)
            {
                Console.Error.WriteLine($"--data: {root.FullName} does not exist");
                return 2;
            }
            List<PetShopScenario> scenarios;
            try
            {
                scenarios = PetShopData.Load(root.FullName, parse.GetValue(split)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            if (scenarios.Sum(static s => s.Issues.Count) == 0)
            {
                Console.Error.WriteLine($"no {parse.GetValue(split)} issues under {root.FullName}");
                return 1;
            }
            var report = PetShopEvaluator.Evaluate(scenarios, new MetricRootCauseAnalyzer());
            Print(report, parse.GetValue(verbose));
            return 0;
        });
        return command;
    }

    private static void Print(PetShopReport report, bool verbose)
    {
        var inv = CultureInfo.InvariantCulture;
        if (verbose)
        {
            foreach (var r in report.Issues)
            {
                Console.WriteLine(string.Create(inv, $"{r.Scenario}/{r.Issue} {r.Metric}: truth {r.RootCause}; top3 [{string.Join(" | ", r.Ranked)}]{(r.InTop(1) ? " HIT" : r.InTop(3) ? " top3" : " MISS")}"));
            }
            Console.WriteLine();
        }
        foreach (var borrowed in report.Issues.Where(static r => r.NormalFrom != r.Scenario).Select(static r => (r.Scenario, r.NormalFrom)).Distinct())
        {
            Console.WriteLine($"note: {borrowed.Scenario} has no noissue/metrics.csv; {borrowed.NormalFrom}'s issue-free metrics serve as its normal");
        }
        Console.WriteLine("scenario          metric        issues  top1   top3   empty  | baseline top1  top3");
        foreach (var c in report.Recall)
        {
            var b = PetShopBaseline.For(c.Group, c.Metric);
            Console.WriteLine(string.Create(inv, $"{c.Group,-17} {c.Metric,-13} {c.Issues,6}  {c.Top1,5:0.00}  {c.Top3,5:0.00}  {c.EmptyShare,5:0.00}  |          {Fmt(b?.Top1)}  {Fmt(b?.Top3)}"));
        }
        Console.WriteLine();
        Console.WriteLine("scenario          metric        windows  specificity | baseline");
        foreach (var s in report.Specificity)
        {
            var b = PetShopBaseline.For(s.Group, s.Metric);
            Console.WriteLine(string.Create(inv, $"{s.Group,-17} {s.Metric,-13} {s.Windows,7}  {s.Specificity,11:0.00} |     {Fmt(b?.Specificity)}"));
        }
    }

    private static string Fmt(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "  -  ";
}
