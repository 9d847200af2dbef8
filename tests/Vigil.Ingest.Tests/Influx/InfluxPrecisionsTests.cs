using Vigil.Ingest.Influx;

namespace Vigil.Ingest.Tests.Influx;

public sealed class InfluxPrecisionsTests
{
    [Theory]
    [InlineData(null, InfluxPrecision.Nanoseconds)]
    [InlineData("ns", InfluxPrecision.Nanoseconds)]
    [InlineData("us", InfluxPrecision.Microseconds)]
    [InlineData("u", InfluxPrecision.Microseconds)]
    [InlineData("ms", InfluxPrecision.Milliseconds)]
    [InlineData("s", InfluxPrecision.Seconds)]
    public void TryParseV2_KnownPrecision_Parses(string? text, InfluxPrecision expected)
    {
        Assert.True(InfluxPrecisions.TryParseV2(text, out var precision));
        Assert.Equal(expected, precision);
    }

    [Theory]
    [InlineData("m")]
    [InlineData("h")]
    [InlineData("days")]
    public void TryParseV2_MinutesHoursOrUnknown_Fails(string text) => Assert.False(InfluxPrecisions.TryParseV2(text, out _));

    [Theory]
    [InlineData("n", InfluxPrecision.Nanoseconds)]
    [InlineData("m", InfluxPrecision.Minutes)]
    [InlineData("h", InfluxPrecision.Hours)]
    public void TryParseV1_AlsoTakesMinutesAndHours(string text, InfluxPrecision expected)
    {
        Assert.True(InfluxPrecisions.TryParseV1(text, out var precision));
        Assert.Equal(expected, precision);
    }

    [Fact]
    public void TryParseV1_Unknown_Fails() => Assert.False(InfluxPrecisions.TryParseV1("x", out _));
}
