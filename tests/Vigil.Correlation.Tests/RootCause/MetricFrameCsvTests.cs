using Vigil.Correlation.RootCause;
using Vigil.Testing;

namespace Vigil.Correlation.Tests.RootCause;

public sealed class MetricFrameCsvTests
{
    private const string Sample = """
        microservice,a,a,b
        metric,latency,availability,latency
        statistic,Average,Average,p90
        unix_timestamp,,,
        1000.0,0.5,100,
        1300.0,0.25,99.5,2e-3

        """;

    [Fact]
    public void Parse_PetShopLayout_ReadsColumnsTimestampsAndMissingValues()
    {
        var frame = MetricFrameCsv.Parse(new StringReader(Sample));
        Assert.Equal([new MetricColumn("a", "latency", "Average"), new MetricColumn("a", "availability", "Average"), new MetricColumn("b", "latency", "p90")], frame.Columns);
        Assert.Equal([1000.0, 1300.0], frame.Timestamps);
        Assert.True(frame.TryGetValues(new MetricColumn("b", "latency", "p90"), out var b));
        Assert.True(double.IsNaN(b[0]));
        Assert.Equal(0.002, b[1]);
        Assert.False(frame.TryGetValues(new MetricColumn("b", "latency", "Average"), out _));
    }

    [Fact]
    public void Slice_KeepsRowsInRange()
    {
        var frame = MetricFrameCsv.Parse(new StringReader(Sample)).Slice(1, 2);
        Assert.Equal([1300.0], frame.Timestamps);
        frame.TryGetValues(new MetricColumn("a", "latency", "Average"), out var a);
        Assert.Equal([0.25], a.ToArray());
    }

    [Fact]
    public void Parse_BadCell_SaysLineAndColumn()
    {
        var e = Assert.Throws<FormatException>(() => MetricFrameCsv.Parse(new StringReader("m,a\nmetric,l\nstatistic,s\n1,oops\n")));
        Assert.Contains("line 4, column 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingHeaderRows_Throws() =>
        Assert.Throws<FormatException>(() => MetricFrameCsv.Parse(new StringReader("m,a\nmetric,l\n")));

    [Fact]
    public void Parse_PetShopIssue_HasFiveRowsAndTheTarget()
    {
        var path = Path.Combine(SharedData.RequireDirectory("datasets/petshop"), "low_traffic", "train", "issue_0", "metrics.csv");
        using var reader = File.OpenText(path);
        var frame = MetricFrameCsv.Parse(reader);
        Assert.Equal(5, frame.RowCount);
        Assert.True(frame.Contains(new MetricColumn("PetSite", "latency", "Average")));
        Assert.True(frame.Contains(new MetricColumn("PetSite", "requests", "Sum")));
    }
}
