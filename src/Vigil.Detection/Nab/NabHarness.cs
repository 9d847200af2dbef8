using System.Globalization;
using System.Text;

namespace Vigil.Detection.Nab;

/// <summary>
/// Runs a detector over every NAB file (one fresh detector per file, points in order, nothing else known) and
/// writes NAB's results layout: <c>DIR/&lt;detector&gt;/&lt;category&gt;/&lt;detector&gt;_&lt;file&gt;.csv</c>.
/// </summary>
public static class NabHarness
{
    /// <summary>Runs <paramref name="createDetector"/> over <paramref name="corpus"/>; returns one score array per file.</summary>
    /// <param name="corpus">The loaded NAB files.</param>
    /// <param name="detectorName">Name used in the results layout; NAB forbids <c>_</c> in it.</param>
    /// <param name="createDetector">Builds a fresh detector for one file.</param>
    /// <param name="outputDirectory">Where results go; null writes nothing.</param>
    /// <param name="progress">Reports the number of files done.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    public static double[][] Run(
        NabCorpus corpus,
        string detectorName,
        Func<IStreamingDetector> createDetector,
        string? outputDirectory,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(createDetector);
        ArgumentException.ThrowIfNullOrEmpty(detectorName);
        if (detectorName.Contains('_', StringComparison.Ordinal))
        {
            throw new ArgumentException("NAB detector names contain no '_'.", nameof(detectorName));
        }

        var results = new double[corpus.Series.Count][];
        var done = 0;
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, corpus.Series.Count, options, i =>
        {
            var series = corpus.Series[i];
            results[i] = Score(series, createDetector());
            if (outputDirectory is not null)
            {
                Write(series, results[i], detectorName, outputDirectory);
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        return results;
    }

    private static double[] Score(NabSeries series, IStreamingDetector detector)
    {
        var scores = new double[series.Values.Length];
        var timestamps = series.File.Timestamps;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = detector.Update(timestamps[i], series.Values[i]).Score;
        }
        return scores;
    }

    private static void Write(NabSeries series, double[] scores, string detectorName, string outputDirectory)
    {
        var dir = Path.Combine(outputDirectory, detectorName, series.File.Category);
        Directory.CreateDirectory(dir);
        var labels = Labels(series.File);
        var sb = new StringBuilder(scores.Length * 48);
        sb.Append("timestamp,value,anomaly_score,label\n");
        for (var i = 0; i < scores.Length; i++)
        {
            sb.Append(series.TimestampText[i]).Append(',')
              .Append(series.ValueText[i]).Append(',')
              .Append(scores[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(labels[i] ? '1' : '0').Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, $"{detectorName}_{series.File.FileName}"), sb.ToString());
    }

    private static bool[] Labels(NabFile file)
    {
        var labels = new bool[file.Timestamps.Length];
        foreach (var w in file.Windows)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                var t = file.Timestamps[i];
                labels[i] |= t >= w.Start && t <= w.End;
            }
        }
        return labels;
    }
}
