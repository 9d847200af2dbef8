using Vigil.Detection.Ensemble;
using Vigil.Detection.Nab;
using Vigil.Testing;

namespace Vigil.Detection.Tests.Seasonal;

public sealed class SeasonalModelTests
{
    [Fact]
    public void Ensemble_NoiseFreeDailyFile_RaisesNothingAfterProbation()
    {
        // NAB's art_daily_no_noise repeats the same day exactly. The seasonal profile keeps its bins as
        // single-precision offsets; without a residual scale floor at what single precision resolves, the rounding
        // of the expected value read as a residual on this file (2.7 decades at row 984, a false positive).
        var corpus = NabCorpus.Load(SharedData.RequireDirectory("datasets/nab"));
        var series = corpus.Series.Single(s => s.File.RelativePath.EndsWith("art_daily_no_noise.csv", StringComparison.Ordinal));
        var detector = new EnsembleDetector();
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < series.Values.Length; i++)
        {
            var score = detector.Update(series.File.Timestamps[i], series.Values[i]).Score;
            if (i >= series.File.ProbationRows && score > worst)
            {
                worst = score;
                at = i;
            }
        }
        Assert.True(worst < 0.467, $"score {worst:F3} at row {at} (NAB's corpus threshold is 0.467)");
    }
}
