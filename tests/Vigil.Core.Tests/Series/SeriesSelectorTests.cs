using Vigil.Core.Series;

namespace Vigil.Core.Tests.Series;

public sealed class SeriesSelectorTests
{
    [Fact]
    public void Parse_MetricAndMatchers_ReturnsEachMatcher()
    {
        var matchers = SeriesSelector.Parse("http_requests_total{job=~\"api.*\", code!=\"200\"}");

        Assert.Equal(
            ["__name__=\"http_requests_total\"", "job=~\"api.*\"", "code!=\"200\""],
            matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void Parse_BracesOnly_WithNameMatcher()
    {
        var matchers = SeriesSelector.Parse("{__name__=\"up\",job!~'node|db'}");

        Assert.Equal(LabelMatchType.Equal, matchers[0].Type);
        Assert.Equal(LabelMatchType.NotRegex, matchers[1].Type);
        Assert.Equal("node|db", matchers[1].Value);
    }

    [Theory]
    [InlineData("{job=\"api\"", "expected ',' or '}' at position 10")]
    [InlineData("{job~\"api\"}", "expected one of = != =~ !~ at position 4")]
    [InlineData("{job=api}", "expected a quoted string at position 5")]
    [InlineData("{job=\"api}", "unterminated string at position 5")]
    [InlineData("{job=~\"(\"}", "invalid regular expression")]
    [InlineData("{job=\"\"}", "at least one matcher that does not match the empty string")]
    [InlineData("up{} x", "unexpected text after the selector at position 5")]
    public void TryParse_Invalid_NamesProblemAndPosition(string text, string expected)
    {
        Assert.False(SeriesSelector.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_IsAnchoredAndMissingLabelMatchesEmpty()
    {
        var regex = new LabelMatcher("job", LabelMatchType.Regex, "api");
        var notEqual = new LabelMatcher("code", LabelMatchType.NotEqual, "200");
        var labels = Labels.From("__name__", "x", "job", "api-2");

        Assert.False(regex.Matches(labels));
        Assert.True(notEqual.Matches(labels));
        Assert.True(new LabelMatcher("job", LabelMatchType.Regex, "api.*").Matches(labels));
    }

    [Fact]
    public void Parse_RegexEscapeKeepsBackslash()
    {
        var m = SeriesSelector.Parse("{path=~\"/api\\.v1\"}")[0];

        Assert.True(m.Matches("/api.v1"));
        Assert.False(m.Matches("/apiXv1"));
    }

    [Fact]
    public void SeriesKey_Parse_RoundTripsToString()
    {
        var key = SeriesKey.Parse("node_load1{instance=\"a:9100\",job=\"node\"}");

        Assert.Equal("node_load1", key.MetricName);
        Assert.Equal(key, SeriesKey.Parse(key.ToString()));
    }
}
