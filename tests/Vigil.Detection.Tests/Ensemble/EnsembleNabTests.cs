using Vigil.Detection.Ensemble;
using Vigil.Detection.Nab;
using Vigil.Testing;

namespace Vigil.Detection.Tests.Ensemble;

/// <summary>
/// The default ensemble on NAB's public files. One run's score owes about ±1 point (standard profile) to which
/// points the long-range model happens to sample, so accuracy is pinned on the mean over eight sampling draws:
/// a change has to move the mean, not one lucky draw.
/// </summary>
public sealed class EnsembleNabTests
{
    private const int Draws = 8;

    [Fact]
    public void NabPublicFiles_MeanOverSamplingDraws_HoldsTheMeasuredScores()
    {
        var corpus = NabCorpus.Load(SharedData.RequireDirectory("datasets/nab"));
        var files = corpus.Series.Select(s => s.File).ToArray();
        var sums = new double[NabProfile.All.Count];
        var options = new EnsembleOptions();
        for (var salt = 1UL; salt <= Draws; salt++)
        {
            var s = salt;
            var scores = NabHarness.Run(corpus, "vigil", () => new EnsembleDetector(options, s), null,
                cancellationToken: TestContext.Current.CancellationToken);
            for (var p = 0; p < sums.Length; p++)
            {
                sums[p] += NabScorer.Score(files, scores, NabProfile.All[p]).Normalized;
            }
        }

        // Measured (docs/benchmarks.md, Accuracy: NAB): 76.5 / 70.8 / 80.1 over these 8 draws (75.6 / 69.0 / 79.5 without
        // the hour of day's peak discount, 74.9 / 67.9 / 79.0 without
        // the early-life discount and the hourly-level model, 73.2 / 66.6 / 77.1 without
        // the excursion-duration model either, 72.9 / 66.0 / 76.9 with
        // the daily echo from 3 decades instead of 2, 71.7 / 63.6 / 76.1
        // without the discount of lone marginal robust/range evidence, 70.7 / 61.6 / 75.4
        // without the daily and wide phase echoes, 70.3 / 60.9 / 75.2 without the hour-of-day model either); 67.5 / 57.5 / 72.7 over 16 with the 1 024-point long-range sample and no
        // spike-density model, as two rounds before. A fresh
        // detector per file and fixed salts make the figure deterministic; the margin allows for other machines' floats.
        Assert.True(sums[0] / Draws >= 76.2, $"standard {sums[0] / Draws:F2}");
        Assert.True(sums[1] / Draws >= 70.5, $"reward low FP {sums[1] / Draws:F2}");
        Assert.True(sums[2] / Draws >= 79.8, $"reward low FN {sums[2] / Draws:F2}");
    }
}
