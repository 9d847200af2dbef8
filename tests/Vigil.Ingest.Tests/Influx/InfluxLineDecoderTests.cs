using System.Text;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.Influx;

namespace Vigil.Ingest.Tests.Influx;

public sealed class InfluxLineDecoderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    private static InfluxResult Decode(string body, InfluxPrecision precision = InfluxPrecision.Nanoseconds, IngestLimits? limits = null)
    {
        var ok = InfluxLineDecoder.TryDecode(Encoding.UTF8.GetBytes(body), precision, Now, limits ?? IngestLimits.Default, out var result, out var error);
        Assert.True(ok, error?.Message);
        return result!;
    }

    private static IngestError Refuse(string body, InfluxPrecision precision = InfluxPrecision.Nanoseconds, IngestLimits? limits = null)
    {
        var ok = InfluxLineDecoder.TryDecode(Encoding.UTF8.GetBytes(body), precision, Now, limits ?? IngestLimits.Default, out _, out var error);
        Assert.False(ok, "the decoder accepted a body it should refuse");
        return error!;
    }

    private static SeriesSamples Only(InfluxResult result) => Assert.Single(result.Batch.Series);

    [Fact]
    public void TryDecode_LineWithTagsFieldsAndTimestamp_BecomesOneSeriesPerField()
    {
        var result = Decode("cpu,host=a,cpu=cpu0 usage_user=1.5,usage_system=2i 1700000000000000000\n");

        Assert.Equal(1, result.Lines);
        Assert.Equal(2, result.Batch.Series.Count);
        var user = result.Batch.Series[0];
        Assert.Equal(SeriesKey.Parse("cpu_usage_user{cpu=\"cpu0\", host=\"a\"}"), user.Key);
        Assert.Equal([new Sample(1_700_000_000_000, 1.5)], user.Samples);
        Assert.Equal(SeriesKey.Parse("cpu_usage_system{cpu=\"cpu0\", host=\"a\"}"), result.Batch.Series[1].Key);
        Assert.Equal(2.0, result.Batch.Series[1].Samples[0].Value);
    }

    [Fact]
    public void TryDecode_NoTags_GivesOnlyTheMetricName()
    {
        var series = Only(Decode("mem free=3 10"));
        Assert.Equal(SeriesKey.Parse("mem_free"), series.Key);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-1.5e3", -1500)]
    [InlineData("1", 1)]
    [InlineData(".5", 0.5)]
    [InlineData("-42i", -42)]
    [InlineData("9223372036854775807i", 9223372036854775807d)]
    [InlineData("18446744073709551615u", 18446744073709551615d)]
    [InlineData("t", 1)]
    [InlineData("T", 1)]
    [InlineData("true", 1)]
    [InlineData("True", 1)]
    [InlineData("TRUE", 1)]
    [InlineData("f", 0)]
    [InlineData("F", 0)]
    [InlineData("false", 0)]
    [InlineData("False", 0)]
    [InlineData("FALSE", 0)]
    public void TryDecode_FieldTypes_AreNumbers(string value, double expected)
    {
        var series = Only(Decode($"m v={value} 1000000"));
        Assert.Equal(expected, series.Samples[0].Value);
    }

    [Theory]
    [InlineData("m v=1.5i 1", "line 1, column 5: field \"v\": invalid integer \"1.5i\"")]
    [InlineData("m v=-1u 1", "line 1, column 5: field \"v\": invalid unsigned integer \"-1u\"")]
    [InlineData("m v=99999999999999999999i 1", "line 1, column 5: field \"v\": invalid integer")]
    [InlineData("m v=NaN 1", "line 1, column 5: field \"v\": invalid value \"NaN\"")]
    [InlineData("m v=Infinity 1", "invalid value \"Infinity\"")]
    [InlineData("m v=abc 1", "invalid value \"abc\"")]
    [InlineData("m v= 1", "line 1, column 5: field \"v\" has an empty value")]
    [InlineData("m v 1", "line 1, column 4: field \"v\" has no value (missing '=')")]
    [InlineData("m", "line 1, column 2: missing fields")]
    [InlineData("m,t=1", "line 1, column 6: missing fields")]
    [InlineData("m ", "line 1, column 3: missing fields")]
    [InlineData(",t=1 v=1", "line 1, column 1: missing measurement")]
    [InlineData("m,t v=1", "line 1, column 4: tag key \"t\" has no value")]
    [InlineData("m,t= v=1", "line 1, column 5: tag \"t\" has an empty value")]
    [InlineData("m,=x v=1", "line 1, column 3: empty tag key")]
    [InlineData("m,t=a=b v=1", "line 1, column 6: unescaped '=' in the value of tag \"t\"")]
    [InlineData("m,a=1,a=2 v=1", "line 1, column 7: duplicate tag key \"a\"")]
    [InlineData("m,__name__=x v=1", "tag key \"__name__\" is reserved")]
    [InlineData("m v=1 12x", "line 1, column 7: invalid timestamp \"12x\"")]
    [InlineData("m v=1 1 2", "line 1, column 9: unexpected text after the timestamp")]
    [InlineData("m s=\"open 1", "line 1, column 5: unterminated string field value")]
    [InlineData("m =1", "line 1, column 3: empty field key")]
    public void TryDecode_BadLine_NamesLineAndColumn(string body, string expected)
    {
        var error = Refuse(body);

        Assert.Equal(IngestErrorKind.Malformed, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_BadLineAmongGoodOnes_RefusesTheWholeBodyNamingItsLine()
    {
        var error = Refuse("m v=1 1\n# comment\n\nm v=2 2\nm v=oops 3\nm v=4 4\n");

        Assert.StartsWith("line 5, column 5:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_CommentsBlankLinesAndCrLf_AreSkipped()
    {
        var result = Decode("# a comment\r\n\r\n   \n  # indented comment\nm v=1 1000000\r\n");

        Assert.Equal(1, result.Lines);
        Assert.Equal(1, Only(result).Samples[0].TimestampMs);
    }

    [Fact]
    public void TryDecode_Escapes_AreUnescapedInNamesAndValues()
    {
        // measurement "my cpu,x" ; tag key "a b=c" ; tag value "1,2 3=4" ; field key "f g"
        var series = Only(Decode("my\\ cpu\\,x,a\\ b\\=c=1\\,2\\ 3\\=4 f\\ g=1 1"));

        Assert.Equal("my_cpu_x_f_g", series.Key.MetricName);
        Assert.Equal("1,2 3=4", series.Key.Labels["a_b_c"]);
    }

    [Fact]
    public void TryDecode_BackslashBeforeOrdinaryCharacter_StaysLiteral()
    {
        var series = Only(Decode("m,path=C:\\dir\\file v=1 1"));
        Assert.Equal("C:\\dir\\file", series.Key.Labels["path"]);
    }

    [Fact]
    public void TryDecode_StringFields_AreSkippedAndCounted()
    {
        var result = Decode("m,host=a msg=\"hello, \\\"world\\\" = \\\\ x\",v=1,note=\"\" 1\nm s=\"only a string\" 2");

        var series = Only(result);
        Assert.Equal("m_v", series.Key.MetricName);
        Assert.Equal(3, result.SkippedStringFields);
        Assert.Equal(2, result.Lines);
    }

    [Fact]
    public void TryDecode_NamesInvalidForPrometheus_AreSanitized()
    {
        var series = Only(Decode("net-io,9host=a,dev.name=eth0 bytes/sec=1 1"));

        Assert.Equal("net_io_bytes_sec", series.Key.MetricName);
        Assert.Equal("a", series.Key.Labels["_9host"]);
        Assert.Equal("eth0", series.Key.Labels["dev_name"]);
    }

    [Fact]
    public void TryDecode_MeasurementStartingWithDigit_IsPrefixed()
    {
        Assert.Equal("_1m_v", Only(Decode("1m v=1 1")).Key.MetricName);
    }

    [Fact]
    public void TryDecode_TagsOutOfOrder_AreSortedAroundTheMetricName()
    {
        var series = Only(Decode("m,z=1,A=2,b=3 v=1 1"));

        Assert.Equal(["A", "__name__", "b", "z"], series.Key.Labels.Select(l => l.Name));
    }

    [Theory]
    [InlineData(InfluxPrecision.Nanoseconds, "1700000000123456789", 1_700_000_000_123)]
    [InlineData(InfluxPrecision.Microseconds, "1700000000123456", 1_700_000_000_123)]
    [InlineData(InfluxPrecision.Milliseconds, "1700000000123", 1_700_000_000_123)]
    [InlineData(InfluxPrecision.Seconds, "1700000000", 1_700_000_000_000)]
    [InlineData(InfluxPrecision.Minutes, "28333333", 1_699_999_980_000)]
    [InlineData(InfluxPrecision.Hours, "472222", 1_699_999_200_000)]
    [InlineData(InfluxPrecision.Nanoseconds, "-1", -1)]
    public void TryDecode_Precision_ConvertsToMilliseconds(InfluxPrecision precision, string timestamp, long expectedMs)
    {
        Assert.Equal(expectedMs, Only(Decode($"m v=1 {timestamp}", precision)).Samples[0].TimestampMs);
    }

    [Fact]
    public void TryDecode_TimestampOutOfRange_IsRefused()
    {
        var error = Refuse("m v=1 9223372036854775807", InfluxPrecision.Seconds);
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InfluxPrecision.Nanoseconds, 1_700_000_000_123)]
    [InlineData(InfluxPrecision.Milliseconds, 1_700_000_000_123)]
    [InlineData(InfluxPrecision.Seconds, 1_700_000_000_000)]
    [InlineData(InfluxPrecision.Hours, 1_699_999_200_000)]
    public void TryDecode_NoTimestamp_UsesNowAtThePrecision(InfluxPrecision precision, long expectedMs)
    {
        Assert.Equal(expectedMs, Only(Decode("m v=1", precision)).Samples[0].TimestampMs);
    }

    [Fact]
    public void TryDecode_SameSeriesOnSeveralLines_IsMergedSortedLastWriteWins()
    {
        var series = Only(Decode("m,h=a v=3 3000000\nm,h=a v=1 1000000\nm,h=a v=2 3000000\n"));

        Assert.Equal([new Sample(1, 1), new Sample(3, 2)], series.Samples);
    }

    [Fact]
    public void TryDecode_TooManyTags_NamesTheLimit()
    {
        var error = Refuse("m,a=1,b=2,c=3 v=1", limits: new IngestLimits { MaxLabelsPerSeries = 3 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxLabelsPerSeries=3", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TagValueTooLong_NamesTheLimit()
    {
        var error = Refuse("m,a=12345678901 v=1", limits: new IngestLimits { MaxLabelValueLength = 10 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxLabelValueLength=10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManySeries_NamesTheLimit()
    {
        var error = Refuse("m a=1,b=2,c=3", limits: new IngestLimits { MaxSeriesPerRequest = 2 });

        Assert.Equal(IngestErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("MaxSeriesPerRequest=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManySamples_NamesTheLimit()
    {
        var error = Refuse("m a=1 1\nm a=2 2\nm a=3 3", limits: new IngestLimits { MaxSamplesPerRequest = 2 });

        Assert.Contains("MaxSamplesPerRequest=2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_BodyOverLimit_IsTooLarge()
    {
        var error = Refuse("m v=1 1\nm v=2 2\n", limits: new IngestLimits { MaxBodyBytes = 10 });

        Assert.Equal(IngestErrorKind.TooLarge, error.Kind);
        Assert.Contains("MaxBodyBytes=10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_InvalidUtf8TagValue_IsRefused()
    {
        byte[] body = [.. "m,t="u8, 0xc3, 0x28, .. " v=1"u8];

        var ok = InfluxLineDecoder.TryDecode(body, InfluxPrecision.Nanoseconds, Now, IngestLimits.Default, out _, out var error);

        Assert.False(ok);
        Assert.Contains("line 1, column 5: value of tag \"t\" is not valid UTF-8", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_EmptyBody_IsAnEmptyBatch()
    {
        var result = Decode("");
        Assert.Empty(result.Batch.Series);
        Assert.Equal(0, result.Lines);
    }

    [Fact]
    public void TryDecode_RandomBytes_NeverThrow()
    {
        var random = new Random(7);
        var alphabet = "m,=\\\" \n1i.tu#-ab"u8.ToArray();
        for (var i = 0; i < 2000; i++)
        {
            var body = new byte[random.Next(0, 40)];
            for (var k = 0; k < body.Length; k++)
            {
                body[k] = alphabet[random.Next(alphabet.Length)];
            }
            InfluxLineDecoder.TryDecode(body, InfluxPrecision.Nanoseconds, Now, IngestLimits.Default, out _, out _);
        }
    }

    [Fact]
    public void TryDecode_SameSeriesInLaterBody_ReturnsTheSameLabelsInstance()
    {
        var first = Only(Decode("cache_probe,host=a v=1 1")).Key.Labels;
        var second = Only(Decode("cache_probe,host=a v=2 2")).Key.Labels;

        Assert.Same(first, second);
    }

    [Fact]
    public void TryDecode_CachedSeriesUnderTighterLimits_IsStillRefused()
    {
        Decode("cache_limit,path=0123456789ab v=1 1");

        var error = Refuse("cache_limit,path=0123456789ab v=1 1", limits: new IngestLimits { MaxLabelValueLength = 10 });

        Assert.Contains("MaxLabelValueLength=10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_StringOnlyLineWithBadTag_IsStillRefused()
    {
        var error = Refuse("m,__x=1 s=\"text\" 1");
        Assert.Contains("\"__x\" is reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_SamePrefixDifferentSplit_AreDifferentSeries()
    {
        var result = Decode("m,a=b c=1 1\nm,a=bc c=1 1\n");

        Assert.Equal(2, result.Batch.Series.Count);
    }
}
