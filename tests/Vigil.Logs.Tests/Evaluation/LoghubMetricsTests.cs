using System.Diagnostics;
using System.Text.Json;
using Vigil.Logs.Evaluation;
using Vigil.Testing;

namespace Vigil.Logs.Tests.Evaluation;

public sealed class LoghubMetricsTests
{
    [Fact]
    public void Score_PerfectParse_IsOne()
    {
        string[] truth = ["a <*>", "a <*>", "b"];
        var scores = LoghubMetrics.Score(truth, ["1", "1", "2"], truth);
        Assert.Equal(new LoghubScores(1, 1, 1, 1), scores);
    }

    [Fact]
    public void Score_SplitGroup_CountsOnlyTheExactGroups()
    {
        // truth: A A A B; parsed: x x y z -> group A split (wrong), group B exact (1 line of 4).
        var scores = LoghubMetrics.Score(["A", "A", "A", "B"], ["x", "x", "y", "z"], ["A", "A", "q", "B"]);
        Assert.Equal(0.25, scores.GroupingAccuracy, 12);
        Assert.Equal(2 * (1 / 3.0) * 0.5 / ((1 / 3.0) + 0.5), scores.GroupingF1, 12);
        Assert.Equal(0.75, scores.ParsingAccuracy, 12);
    }

    [Fact]
    public void Score_DifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => LoghubMetrics.Score(["a"], ["1", "2"], ["a", "b"]));

    [Fact]
    public void Score_AgreesWithTheReferenceImplementation()
    {
        var tool = Path.Combine(SharedData.RequireDirectory("tools"), "loghub_metrics.py");
        var random = new Random(7);
        var cases = new List<Dictionary<string, string[]>>();
        for (var c = 0; c < 20; c++)
        {
            var n = random.Next(1, 300);
            var truth = new string[n];
            var groups = new string[n];
            var templates = new string[n];
            for (var i = 0; i < n; i++)
            {
                truth[i] = "T" + random.Next(0, 1 + (c % 7) * 3);
                groups[i] = random.Next(4) == 0 ? "G" + random.Next(0, 10) : "G" + truth[i];
                templates[i] = random.Next(5) == 0 ? "X" + random.Next(0, 5) : truth[i];
            }
            cases.Add(new() { ["truth"] = truth, ["groups"] = groups, ["templates"] = templates });
        }

        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(cases));
            var script = "import sys, json; sys.path.insert(0, sys.argv[1]); import loghub_metrics as m\n"
                + "for c in json.load(open(sys.argv[2])):\n"
                + "    ga, fga = m.ga_fga(c['truth'], c['groups'])\n"
                + "    print(json.dumps([ga, fga, m.pa(c['truth'], c['templates']), m.fta(c['truth'], c['templates'])]))\n";
            var reference = RunPython(script, Path.GetDirectoryName(tool)!, input);
            for (var c = 0; c < cases.Count; c++)
            {
                var expected = JsonSerializer.Deserialize<double[]>(reference[c])!;
                var actual = LoghubMetrics.Score(cases[c]["truth"], cases[c]["groups"], cases[c]["templates"]);
                Assert.Equal(expected[0], actual.GroupingAccuracy, 12);
                Assert.Equal(expected[1], actual.GroupingF1, 12);
                Assert.Equal(expected[2], actual.ParsingAccuracy, 12);
                Assert.Equal(expected[3], actual.TemplateF1, 12);
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static string[] RunPython(string script, string toolDirectory, string input)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", script, toolDirectory, input })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("needs python3 on the PATH to run the reference metrics");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
