using Vigil.Logs.Mining;
using Vigil.Logs.Records;

namespace Vigil.Cli.Commands;

/// <summary>A whole file mined in one go: each record's message and its template as it stands at the end, as logparser reports it.</summary>
internal sealed class TemplateParse
{
    private TemplateParse(List<string> contents, List<LogTemplate> templates, int templateCount)
    {
        Contents = contents;
        Templates = templates;
        TemplateCount = templateCount;
    }

    public IReadOnlyList<string> Contents { get; }

    public IReadOnlyList<LogTemplate> Templates { get; }

    public int TemplateCount { get; }

    public static TemplateParse Run(IEnumerable<LogEntry> entries, TemplateMiner miner, Action<int>? progress = null)
    {
        var contents = new List<string>();
        var templates = new List<LogTemplate>();
        foreach (var entry in entries)
        {
            contents.Add(entry.Header.Content);
            templates.Add(miner.Process(entry.Header.Content).Template);
            progress?.Invoke(contents.Count);
        }
        // Report each record under its template as it stands at the end (merges included), as logparser does.
        return new TemplateParse(contents, templates.ConvertAll(t => t.Current), miner.TemplateCount);
    }
}
