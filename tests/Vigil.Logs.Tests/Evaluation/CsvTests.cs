using Vigil.Logs.Evaluation;

namespace Vigil.Logs.Tests.Evaluation;

public sealed class CsvTests
{
    [Fact]
    public void WriteThenRead_QuotesCommasQuotesAndNewlines_RoundTrip()
    {
        string[] fields = ["1", "a,b", "say \"hi\"", "two\nlines", "<*> x"];
        using var writer = new StringWriter();
        Csv.WriteRecord(writer, fields);
        Assert.Equal("1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",<*> x\r\n", writer.ToString());
        var read = Csv.ReadRecords(new StringReader(writer.ToString())).ToList();
        Assert.Single(read);
        Assert.Equal(fields, read[0]);
    }
}
