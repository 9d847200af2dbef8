namespace Vigil.Detection.Nab;

/// <summary>
/// NAB v1.1 scoring (numenta/NAB <c>sweeper.py</c>, <c>optimizer.py</c>, <c>runner.normalize</c>), ported from the
/// reference in <c>../shared/tools/nab_ref_scorer.py</c> and checked against it to 1e-6: per-row weights from the
/// scaled sigmoid, one threshold for the whole corpus found by an exhaustive sweep, normalised score in [−∞, 100].
/// </summary>
public static class NabScorer
{
    private const int Probationary = -2;
    private const int Outside = -1;

    /// <summary>Scaled sigmoid at −1: the reward of a detection at the very start of a window.</summary>
    private static readonly double MaxTruePositive = ScaledSigmoid(-1.0);

    /// <summary>Scores <paramref name="scores"/> (one array per file, aligned with its rows) under <paramref name="profile"/>.</summary>
    public static NabProfileScore Score(IReadOnlyList<NabFile> files, IReadOnlyList<double[]> scores, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(profile);
        if (files.Count != scores.Count)
        {
            throw new ArgumentException("One score array per file is needed.", nameof(scores));
        }

        var rows = new FileRows[files.Count];
        var windowBase = 0;
        var total = 0;
        for (var f = 0; f < files.Count; f++)
        {
            if (scores[f].Length != files[f].Timestamps.Length)
            {
                throw new ArgumentException($"{files[f].RelativePath}: {scores[f].Length} scores for {files[f].Timestamps.Length} rows.", nameof(scores));
            }
            rows[f] = SweepRows(files[f], scores[f], windowBase, profile);
            windowBase += files[f].Windows.Count;
            total += rows[f].Scores.Length;
        }

        // Corpus-wide sweep: every row of every file in one list, as NAB's optimizer does.
        var all = new FileRows(new double[total], new double[total], new int[total]);
        var at = 0;
        foreach (var r in rows)
        {
            r.Scores.CopyTo(all.Scores, at);
            r.Weights.CopyTo(all.Weights, at);
            r.Windows.CopyTo(all.Windows, at);
            at += r.Scores.Length;
        }
        var sweep = ScoreByThreshold(all, windowBase, profile);
        var best = sweep[0];
        foreach (var point in sweep)
        {
            if (point.Score > best.Score)
            {
                best = point;
            }
        }

        var perFile = new NabFileScore[files.Count];
        var raw = 0.0;
        for (var f = 0; f < files.Count; f++)
        {
            var point = AtThreshold(ScoreByThreshold(rows[f], windowBase, profile), best.Threshold);
            perFile[f] = new NabFileScore(files[f], point.Score, point.TruePositives, point.FalsePositives,
                CountDetectedWindows(rows[f], best.Threshold), files[f].Windows.Count);
            raw += point.Score;
        }
        return new NabProfileScore(profile, best.Threshold, raw, Normalize(raw, windowBase, profile), perFile);
    }

    /// <summary>NAB's normalisation: 0 for the null detector, 100 for the perfect one.</summary>
    public static double Normalize(double raw, int windows, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var nullScore = -windows * profile.FalseNegative;
        var perfect = windows * profile.TruePositive;
        return 100 * (raw - nullScore) / (perfect - nullScore);
    }

    /// <summary>NAB's scaled sigmoid: 2/(1+e^(5x)) − 1, and −1 past x = 3.</summary>
    public static double ScaledSigmoid(double x) => x > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * x))) - 1.0;

    private static FileRows SweepRows(NabFile file, double[] scores, int windowBase, NabProfile profile)
    {
        var n = file.Timestamps.Length;
        var probation = file.ProbationRows;
        var index = new Dictionary<DateTime, int>(n);
        for (var i = 0; i < n; i++)
        {
            index[file.Timestamps[i]] = i; // the last row wins, as in the reference's dict comprehension
        }
        var windows = new (int Start, int End)[file.Windows.Count];
        for (var w = 0; w < windows.Length; w++)
        {
            var win = file.Windows[w];
            if (!index.TryGetValue(win.Start, out var s) || !index.TryGetValue(win.End, out var e))
            {
                throw new InvalidDataException($"{file.RelativePath}: window {win.Start:s}..{win.End:s} does not match row timestamps.");
            }
            windows[w] = (s, e);
        }

        var result = new FileRows(new double[n], new double[n], new int[n]);
        var k = 0;
        var current = -1;
        var width = 0.0;
        int? previousRight = null;
        var previousWidth = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (k < windows.Length && i == windows[k].Start)
            {
                current = k++;
                width = windows[current].End - windows[current].Start + 1;
            }
            double weight;
            if (current >= 0)
            {
                var position = -(windows[current].End - i + 1) / width;
                weight = ScaledSigmoid(position) * profile.TruePositive / MaxTruePositive;
            }
            else
            {
                var u = previousRight is null ? -1.0 : ScaledSigmoid(Math.Abs(previousRight.Value - i) / (previousWidth - 1));
                weight = u * profile.FalsePositive;
            }
            result.Scores[i] = scores[i];
            result.Weights[i] = weight;
            result.Windows[i] = i < probation ? Probationary : current >= 0 ? windowBase + current : Outside;
            if (current >= 0 && i == windows[current].End)
            {
                previousRight = i;
                previousWidth = width;
                current = -1;
            }
        }
        return result;
    }

    private static List<SweepPoint> ScoreByThreshold(FileRows rows, int windowCount, NabProfile profile)
    {
        var order = new List<int>(rows.Scores.Length);
        for (var i = 0; i < rows.Scores.Length; i++)
        {
            if (rows.Windows[i] != Probationary)
            {
                order.Add(i);
            }
        }
        // Descending by score, stable (ties keep row order) like Python's sorted(..., reverse=True).
        order.Sort((a, b) =>
        {
            var c = rows.Scores[b].CompareTo(rows.Scores[a]);
            return c != 0 ? c : a.CompareTo(b);
        });

        // The reference sums a dict {"fp", window…} in insertion order; keep that order so sums agree bit for bit.
        var windowValue = new double[windowCount];
        var windowSeen = new bool[windowCount];
        var windowOrder = new List<int>();
        var trueNegatives = 0;
        foreach (var i in order)
        {
            var w = rows.Windows[i];
            if (w == Outside)
            {
                trueNegatives++;
            }
            else if (!windowSeen[w])
            {
                windowSeen[w] = true;
                windowOrder.Add(w);
                windowValue[w] = -profile.FalseNegative;
            }
        }
        var falseNegatives = order.Count - trueNegatives;
        var truePositives = 0;
        var falsePositives = 0;
        var fp = 0.0;

        double Total()
        {
            var sum = 0.0 + fp;
            foreach (var w in windowOrder)
            {
                sum += windowValue[w];
            }
            return sum;
        }

        var result = new List<SweepPoint>();
        var threshold = 1.1;
        foreach (var i in order)
        {
            var score = rows.Scores[i];
            if (score != threshold)
            {
                result.Add(new SweepPoint(threshold, Total(), truePositives, falsePositives));
                threshold = score;
            }
            var w = rows.Windows[i];
            if (w == Outside)
            {
                falsePositives++;
                trueNegatives--;
                fp += rows.Weights[i];
            }
            else
            {
                truePositives++;
                falseNegatives--;
                windowValue[w] = Math.Max(windowValue[w], rows.Weights[i]);
            }
        }
        result.Add(new SweepPoint(threshold, Total(), truePositives, falsePositives));
        return result;
    }

    private static SweepPoint AtThreshold(List<SweepPoint> sweep, double threshold)
    {
        SweepPoint? previous = null;
        foreach (var point in sweep)
        {
            if (point.Threshold == threshold)
            {
                return point;
            }
            if (point.Threshold < threshold)
            {
                return previous ?? point;
            }
            previous = point;
        }
        return sweep[^1]; // threshold below every score: all rows detected
    }

    private static int CountDetectedWindows(FileRows rows, double threshold)
    {
        var detected = new HashSet<int>();
        for (var i = 0; i < rows.Scores.Length; i++)
        {
            if (rows.Windows[i] >= 0 && rows.Scores[i] >= threshold)
            {
                detected.Add(rows.Windows[i]);
            }
        }
        return detected.Count;
    }

    private readonly record struct FileRows(double[] Scores, double[] Weights, int[] Windows);

    private readonly record struct SweepPoint(double Threshold, double Score, int TruePositives, int FalsePositives);
}

/// <summary>The score of one detector under one profile.</summary>
/// <param name="Profile">The cost profile.</param>
/// <param name="Threshold">The corpus-wide threshold that maximised the raw score.</param>
/// <param name="Raw">Sum of the per-file raw scores at that threshold.</param>
/// <param name="Normalized">NAB's normalised score (100 is perfect, 0 the null detector).</param>
/// <param name="Files">Per-file detail at that threshold.</param>
public sealed record NabProfileScore(NabProfile Profile, double Threshold, double Raw, double Normalized, IReadOnlyList<NabFileScore> Files);

/// <summary>One file's share of a profile score.</summary>
/// <param name="File">The data file.</param>
/// <param name="Raw">Its raw score at the corpus threshold.</param>
/// <param name="TruePositiveRows">Rows at or above the threshold inside windows.</param>
/// <param name="FalsePositiveRows">Rows at or above the threshold outside windows (after probation).</param>
/// <param name="DetectedWindows">Windows with at least one row at or above the threshold.</param>
/// <param name="Windows">Labelled windows in the file.</param>
public sealed record NabFileScore(NabFile File, double Raw, int TruePositiveRows, int FalsePositiveRows, int DetectedWindows, int Windows);
