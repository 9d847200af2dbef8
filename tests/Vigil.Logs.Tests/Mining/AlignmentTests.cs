using Vigil.Logs.Mining;

namespace Vigil.Logs.Tests.Mining;

public sealed class AlignmentTests
{
    [Theory]
    [InlineData("'US'.", "'X3'.", "'<*>'.")]
    [InlineData("(alpha),", "(beta),", "(<*>),")]
    [InlineData("'<*>'.", "'DE'.", "'<*>'.")]
    [InlineData("'<*>'.", "plain", "<*>")]
    [InlineData("a", "b", "<*>")]
    [InlineData("''", "'", "'<*>")]
    public void WildcardKeepingPunctuation_KeepsSharedEdges(string pattern, string token, string expected) =>
        Assert.Equal(expected, Alignment.WildcardKeepingPunctuation(pattern, token));
}
