using Vigil.Core.Series;

namespace Vigil.Core.Tests.Series;

public sealed class LabelsTests
{
    [Fact]
    public void From_AnyOrder_SortsByNameAndEqualsSameSet()
    {
        var a = Labels.From("job", "api", "__name__", "up", "instance", "h:9100");
        var b = Labels.From("instance", "h:9100", "__name__", "up", "job", "api");

        Assert.Equal(a, b);
        Assert.Equal(a.StableHash, b.StableHash);
        Assert.Equal(["__name__", "instance", "job"], a.Select(l => l.Name));
        Assert.Equal("up{instance=\"h:9100\", job=\"api\"}", a.ToString());
    }

    [Fact]
    public void From_EmptyValue_DropsLabelAsPrometheusDoes()
    {
        var labels = Labels.From("__name__", "up", "job", "");

        Assert.Single(labels);
        Assert.Null(labels["job"]);
    }

    [Theory]
    [InlineData("9job", LabelErrorKind.InvalidLabelName)]
    [InlineData("a-b", LabelErrorKind.InvalidLabelName)]
    [InlineData("__reserved", LabelErrorKind.InvalidLabelName)]
    public void TryFrom_InvalidLabelName_ReportsNameAndKind(string name, LabelErrorKind kind)
    {
        var ok = Labels.TryFrom([new Label("__name__", "up"), new Label(name, "x")], out _, out var error);

        Assert.False(ok);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFrom_DuplicateName_Refused()
    {
        var ok = Labels.TryFrom([new Label("__name__", "up"), new Label("a", "1"), new Label("a", "2")], out _, out var error);

        Assert.False(ok);
        Assert.Equal(LabelErrorKind.DuplicateLabelName, error.Kind);
    }

    [Theory]
    [InlineData("http_requests_total", true)]
    [InlineData("node:cpu:rate5m", true)]
    [InlineData("_x", true)]
    [InlineData("1abc", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    public void IsValidMetricName_FollowsPrometheus(string name, bool valid) =>
        Assert.Equal(valid, LabelNames.IsValidMetricName(name));

    [Fact]
    public void StableHash_IsFixedAcrossProcessesAndVersions()
    {
        // A fixed value: shard placement and stored ids depend on it never changing.
        var labels = Labels.From("__name__", "up", "job", "api");

        Assert.Equal(labels.StableHash, Labels.From("job", "api", "__name__", "up").StableHash);
        Assert.Equal(0xb11daa6c4323c14bUL, labels.StableHash); // XxHash3 of "__name__" 0xff "up" 0xff "job" 0xff "api" 0xff
        Assert.NotEqual(labels.StableHash, Labels.From("__name__", "up", "job", "apj").StableHash);
    }

    [Fact]
    public void With_And_Without_ReturnNewSets()
    {
        var labels = Labels.From("__name__", "up");

        var with = labels.With("job", "api");

        Assert.Equal("api", with["job"]);
        Assert.Null(labels["job"]);
        Assert.Equal(labels, with.Without("job"));
    }
}
