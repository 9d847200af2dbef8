namespace Vigil.Logs.Evaluation;

/// <summary>
/// GA, FGA, PA and FTA exactly as loghub/logparser compute them (checked against <c>shared/tools/loghub_metrics.py</c>).
/// Ground-truth groups are the ground-truth templates; parsed groups are the parsed template ids.
/// </summary>
public static class LoghubMetrics
{
    /// <summary>Scores a parse against ground truth, line by line.</summary>
    /// <param name="truthTemplates">The ground-truth template of each line.</param>
    /// <param name="parsedGroups">The parsed template id of each line.</param>
    /// <param name="parsedTemplates">The parsed template text of each line.</param>
    /// <returns>The four figures.</returns>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static LoghubScores Score(IReadOnlyList<string> truthTemplates, IReadOnlyList<string> parsedGroups, IReadOnlyList<string> parsedTemplates)
    {
        ArgumentNullException.ThrowIfNull(truthTemplates);
        ArgumentNullException.ThrowIfNull(parsedGroups);
        ArgumentNullException.ThrowIfNull(parsedTemplates);
        if (truthTemplates.Count == 0 || truthTemplates.Count != parsedGroups.Count || truthTemplates.Count != parsedTemplates.Count)
        {
            throw new ArgumentException(
                $"Need the same non-zero number of lines: {truthTemplates.Count} truth, {parsedGroups.Count} groups, {parsedTemplates.Count} templates.");
        }

        var (ga, fga) = GroupingAccuracy(truthTemplates, parsedGroups);
        return new LoghubScores(ga, fga, ParsingAccuracy(truthTemplates, parsedTemplates), TemplateF1(truthTemplates, parsedTemplates));
    }

    /// <summary>GA and FGA (logparser's <c>get_accuracy</c>).</summary>
    /// <param name="truth">The ground-truth group of each line.</param>
    /// <param name="parsed">The parsed group of each line.</param>
    /// <returns>GA and FGA.</returns>
    public static (double Accuracy, double F1) GroupingAccuracy(IReadOnlyList<string> truth, IReadOnlyList<string> parsed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(parsed);
        var truthSizes = CountBy(truth);
        var parsedSizes = CountBy(parsed);
        var parsedOfTruth = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < truth.Count; i++)
        {
            if (!parsedOfTruth.TryGetValue(truth[i], out var set))
            {
                parsedOfTruth[truth[i]] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(parsed[i]);
        }

        long correctLines = 0;
        var correctGroups = 0;
        foreach (var (group, parsedIds) in parsedOfTruth)
        {
            if (parsedIds.Count == 1 && parsedSizes[parsedIds.First()] == truthSizes[group])
            {
                correctLines += truthSizes[group];
                correctGroups++;
            }
        }

        var accuracy = (double)correctLines / truth.Count;
        var precision = (double)correctGroups / parsedSizes.Count;
        var recall = (double)correctGroups / truthSizes.Count;
        return (accuracy, F1(precision, recall));
    }

    /// <summary>PA: the share of lines whose parsed template text equals the ground truth.</summary>
    /// <param name="truth">The ground-truth template of each line.</param>
    /// <param name="parsed">The parsed template of each line.</param>
    /// <returns>PA.</returns>
    public static double ParsingAccuracy(IReadOnlyList<string> truth, IReadOnlyList<string> parsed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(parsed);
        var same = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            if (string.Equals(truth[i], parsed[i], StringComparison.Ordinal))
            {
                same++;
            }
        }
        return (double)same / truth.Count;
    }

    /// <summary>FTA (loghub-2.0): a parsed template is correct when its lines' ground-truth templates are exactly itself.</summary>
    /// <param name="truth">The ground-truth template of each line.</param>
    /// <param name="parsed">The parsed template of each line.</param>
    /// <returns>FTA.</returns>
    public static double TemplateF1(IReadOnlyList<string> truth, IReadOnlyList<string> parsed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(parsed);
        var truthOfParsed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < truth.Count; i++)
        {
            if (!truthOfParsed.TryGetValue(parsed[i], out var set))
            {
                truthOfParsed[parsed[i]] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(truth[i]);
        }

        var correct = 0;
        foreach (var (template, truths) in truthOfParsed)
        {
            if (truths.Count == 1 && truths.Contains(template))
            {
                correct++;
            }
        }
        var truthCount = new HashSet<string>(truth, StringComparer.Ordinal).Count;
        return F1((double)correct / truthOfParsed.Count, (double)correct / truthCount);
    }

    private static Dictionary<string, int> CountBy(IReadOnlyList<string> values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        return counts;
    }

    private static double F1(double precision, double recall) =>
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}
