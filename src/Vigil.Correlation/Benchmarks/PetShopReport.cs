using System.Collections.Immutable;

namespace Vigil.Correlation.Benchmarks;

/// <summary>The outcome of one issue.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Issue">Issue name.</param>
/// <param name="Metric">The symptom's metric.</param>
/// <param name="RootCause">The true root cause.</param>
/// <param name="Ranked">The nodes ranked, best first (at most 3).</param>
/// <param name="NormalFrom">The scenario whose issue-free metrics served as normal.</param>
public sealed record PetShopIssueResult(string Scenario, string Issue, string Metric, string RootCause, ImmutableArray<string> Ranked, string NormalFrom)
{
    /// <summary>True when the true root cause is among the first <paramref name="k"/>.</summary>
    public bool InTop(int k) => Ranked.Take(k).Contains(RootCause, StringComparer.Ordinal);

    /// <summary>True when nothing was returned.</summary>
    public bool Empty => Ranked.IsEmpty;
}

/// <summary>Recall of one (scenario group, issue metric) cell.</summary>
/// <param name="Group">Scenario group (<c>low_traffic</c>, <c>high_traffic</c>, <c>temporal_traffic</c>).</param>
/// <param name="Metric">Issue metric.</param>
/// <param name="Issues">How many issues.</param>
/// <param name="Top1">Top-1 recall.</param>
/// <param name="Top3">Top-3 recall.</param>
/// <param name="EmptyShare">Share of issues with no answer at all.</param>
public sealed record PetShopRecallCell(string Group, string Metric, int Issues, double Top1, double Top3, double EmptyShare);

/// <summary>Specificity of one (scenario group, symptom metric) cell: the share of issue-free windows answered with nothing.</summary>
/// <param name="Group">Scenario group.</param>
/// <param name="Metric">Symptom metric.</param>
/// <param name="Windows">How many windows were tried.</param>
/// <param name="Specificity">Share answered empty.</param>
public sealed record PetShopSpecificityCell(string Group, string Metric, int Windows, double Specificity);

/// <summary>Everything <see cref="PetShopEvaluator"/> measured.</summary>
/// <param name="Issues">Per issue.</param>
/// <param name="Recall">Per cell.</param>
/// <param name="Specificity">Per cell, for scenarios that have issue-free data.</param>
public sealed record PetShopReport(ImmutableArray<PetShopIssueResult> Issues, ImmutableArray<PetShopRecallCell> Recall, ImmutableArray<PetShopSpecificityCell> Specificity);
