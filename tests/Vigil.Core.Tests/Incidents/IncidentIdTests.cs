using Vigil.Core.Incidents;

namespace Vigil.Core.Tests.Incidents;

public sealed class IncidentIdTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("42", 42)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParse_Digits_RoundTrips(string text, long value)
    {
        Assert.True(IncidentId.TryParse(text, out var id));
        Assert.Equal(value, id.Value);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1a")]
    [InlineData("9223372036854775808")]
    public void TryParse_NotAnId_False(string? text) => Assert.False(IncidentId.TryParse(text, out _));

    [Fact]
    public void Parse_Bad_ThrowsNamingTheText() =>
        Assert.Contains("\"x\"", Assert.Throws<FormatException>(() => IncidentId.Parse("x")).Message, StringComparison.Ordinal);

    [Fact]
    public void Constructor_Zero_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new IncidentId(0));
}
