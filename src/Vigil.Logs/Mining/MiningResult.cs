namespace Vigil.Logs.Mining;

/// <summary>The outcome of <see cref="TemplateMiner.Process(ReadOnlySpan{char})"/>.</summary>
/// <param name="Template">The template the message belongs to.</param>
/// <param name="Change">What the message did to that template.</param>
/// <param name="Evicted">A template dropped to stay within <see cref="TemplateMinerOptions.MaxTemplates"/>, if any.</param>
/// <param name="Absorbed">
/// Templates merged into <paramref name="Template"/> because they differed only in a word that turned out to vary
/// (see <see cref="TemplateMinerOptions.WordVariants"/>); their <see cref="LogTemplate.MergedInto"/> is set. Null otherwise.
/// </param>
public readonly record struct MiningResult(
    LogTemplate Template, TemplateChange Change, LogTemplate? Evicted = null, IReadOnlyList<LogTemplate>? Absorbed = null);
