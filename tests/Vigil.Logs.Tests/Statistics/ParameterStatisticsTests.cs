using Vigil.Logs.Mining;
using Vigil.Logs.Statistics;

namespace Vigil.Logs.Tests.Statistics;

public sealed class ParameterStatisticsTests
{
    [Fact]
    public void Summarize_SizesAndUsers_TopValuesWithCountsAndNumericMinMedianMax()
    {
        var miner = new TemplateMiner();
        string[] messages =
        [
            "sent 120 bytes to 10.0.0.1", "sent 80 bytes to 10.0.0.2", "sent 120 bytes to 10.0.0.1",
            "sent 4000 bytes to 10.0.0.3", "sent 95 bytes to 10.0.0.1",
        ];
        LogTemplate template = null!;
        foreach (var message in messages)
        {
            template = miner.Process(message).Template.Current;
        }
        Assert.Equal("sent <*> bytes to <*>", template.Text);

        var summaries = ParameterStatistics.Summarize(template, messages, top: 2);

        Assert.Equal(2, summaries.Count);
        Assert.Equal("5 values, 4 distinct: 120 ×2, 80 ×1; numeric (5) min 80, median 120, max 4000", summaries[0].ToString());
        Assert.Equal("5 values, 3 distinct: 10.0.0.1 ×3, 10.0.0.2 ×1", summaries[1].ToString());
        Assert.Null(summaries[1].Median);
    }

    [Fact]
    public void Summarize_DurationsWithUnits_CountAsNumbers()
    {
        var miner = new TemplateMiner();
        string[] messages = ["took 250ms", "took 1.5ms", "took 12ms"];
        var template = miner.Process(messages[0]).Template;
        foreach (var message in messages)
        {
            template = miner.Process(message).Template.Current;
        }

        var summary = Assert.Single(ParameterStatistics.Summarize(template, messages));

        Assert.Equal(3, summary.Numeric);
        Assert.Equal(1.5, summary.Min);
        Assert.Equal(12, summary.Median);
        Assert.Equal(250, summary.Max);
    }

    [Fact]
    public void Summarize_NoMessages_NoSummaries() =>
        Assert.Empty(ParameterStatistics.Summarize(new TemplateMiner().Process("user 1 logged in").Template, []));
}
