using System.Diagnostics;
using System.Globalization;
using Vigil.Detection.Nab;
using Vigil.Testing;

namespace Vigil.Detection.Tests.Nab;

public sealed class NabScorerTests
{
    [Fact]
    public void ScaledSigmoid_MatchesNab()
    {
        Assert.Equal(0.9866142981514305, NabScorer.ScaledSigmoid(-1.0), 15);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.5));
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0.0), 15);
    }

    [Fact]
    public void Normalize_NullAndPerfect_Give0And100()
    {
        Assert.Equal(0, NabScorer.Normalize(-10, 10, NabProfile.Standard), 9);
        Assert.Equal(100, NabScorer.Normalize(10, 10, NabProfile.Standard), 9);
        Assert.Equal(0, NabScorer.Normalize(-20, 10, NabProfile.RewardLowFalseNegatives), 9);
    }

    [Fact]
    public void Score_DetectionAtWindowStart_EarnsFullReward()
    {
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var time = Enumerable.Range(0, 100).Select(i => t0.AddMinutes(i)).ToArray();
        var file = new NabFile("cat/a.csv", time, [new NabWindow(time[50], time[59])]);
        var scores = new double[100];
        scores[50] = 1;
        var result = NabScorer.Score([file], [scores], NabProfile.Standard);
        Assert.Equal(1.0, result.Threshold);
        Assert.Equal(1.0, result.Raw, 9);
        Assert.Equal(100, result.Normalized, 9);
    }

    [Theory]
    [InlineData("vigil")]
    [InlineData("robust")]
    public void Score_AgreesWithReferenceScorer(string detector)
    {
        var nab = SharedData.RequireDirectory("datasets/nab");
        var scorer = SharedData.RequireDirectory("tools/nab_ref_scorer.py");
        var root = Directory.CreateTempSubdirectory("vigil-nab-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(root, "data"), Path.Combine(nab, "data"));
            Directory.CreateSymbolicLink(Path.Combine(root, "labels"), Path.Combine(nab, "labels"));
            var corpus = NabCorpus.Load(root);
            Assert.True(DetectorCatalog.TryCreate(detector, out var factory));
            var scores = NabHarness.Run(corpus, detector, factory, Path.Combine(root, "results"), cancellationToken: TestContext.Current.CancellationToken);
            var files = corpus.Series.Select(s => s.File).ToArray();

            var reference = RunReference(scorer, root, detector);
            foreach (var profile in NabProfile.All)
            {
                var ours = NabScorer.Score(files, scores, profile);
                var (threshold, raw, normalized) = reference[profile.Name];
                Assert.Equal(threshold, ours.Threshold, 1e-12);
                Assert.Equal(raw, ours.Raw, 1e-6);
                Assert.Equal(normalized, ours.Normalized, 1e-4);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Dictionary<string, (double Threshold, double Raw, double Normalized)> RunReference(string scorer, string root, string detector)
    {
        ProcessStartInfo start = new("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(scorer);
        start.ArgumentList.Add(root);
        start.ArgumentList.Add(detector);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            process = null;
        }
        if (process is null)
        {
            Assert.Skip("needs python3 to run the reference scorer");
        }
        using (process)
        {
            var output = process!.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            // "<detector> <profile> threshold=<t> raw=<r> normalized=<n>"
            var result = new Dictionary<string, (double, double, double)>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                double Field(string name) => double.Parse(parts.Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
                result[parts[1]] = (Field("threshold"), Field("raw"), Field("normalized"));
            }
            return result;
        }
    }
}
