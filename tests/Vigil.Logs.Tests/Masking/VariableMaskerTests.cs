using Vigil.Logs.Masking;

namespace Vigil.Logs.Tests.Masking;

public sealed class VariableMaskerTests
{
    [Theory]
    [InlineData("PacketResponder 1 for block blk_38865049064139660 terminating", "PacketResponder <*> for block <*> terminating")]
    [InlineData("Received block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010", "Received block <*> src: <*> dest: <*>")]
    [InlineData("connect to 10.0.0.1:8080 failed", "connect to <*> failed")]
    [InlineData("listening on [fe80::1ff:fe23:4567:890a]:443", "listening on <*>")]
    [InlineData("listening on fe80::1ff:fe23:4567:890a", "listening on <*>")]
    [InlineData("request 38101a0b-2096-447d-96ea-a692162415ae done", "request <*> done")]
    [InlineData("value 0x7fff5fbff8c8 at 0xdeadbeef", "value <*> at <*>")]
    [InlineData("GET https://example.com/a/b?c=1 returned 404", "GET <*> returned <*>")]
    [InlineData("Deleting file /var/log/app/part-0001.log now", "Deleting file <*> now")]
    [InlineData("open C:\\Windows\\System32\\drivers failed", "open <*> failed")]
    [InlineData("mail sent to alice@example.org", "mail sent to <*>")]
    [InlineData("request took 12ms and 3.5s", "request took <*> and <*>")]
    [InlineData("estimated size 16.0 KB, free 2.1 GB)", "estimated size <*>, free <*>)")]
    [InlineData("Running audit from 2017-05-16 05:00:00 to 2017-05-16 06:00:00. 87 instances.", "Running audit from <*> to <*>. <*> instances.")]
    [InlineData("After Scheduling: PendingReds:0 ScheduledMaps:11", "After Scheduling: PendingReds:<*> ScheduledMaps:<*>")]
    [InlineData("user=alice uid=1000 enabled=true", "user=alice uid=<*> enabled=<*>")]
    [InlineData("Connecting to proxy.example.com:5070 through www.example.org", "Connecting to <*> through <*>")]
    [InlineData("comment.163.com:80 open through r3.sn-i3b7kn7s.googlevideo.com:443", "<*> open through <*>")]
    [InlineData("generating core.2275", "generating core.<*>")]
    [InlineData("force load/store alignment...............0", "force load/store alignment...............<*>")]
    [InlineData("10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200", "<*> \"GET <*>\" status: <*>")]
    [InlineData("source path:/var/log/CoreCapture/x.pcapng, dest", "source path:<*>, dest")]
    [InlineData("lifetime <1 sec", "lifetime <*> sec")]
    [InlineData("isScreenOn true, config null", "isScreenOn <*>, config <*>")]
    [InlineData("acquire lock=23, tag=\"View Lock\", name=x", "acquire lock=<*>, tag=\"<*>\", name=x")]
    [InlineData("connection from 1.2.3.4 () at Sat Jun 18 02:08:10 2005", "connection from <*> () at <*>")]
    [InlineData("status=M Fri Jul 01 08:16:53 PDT 2005.", "status=M <*>.")]
    [InlineData("May be retried on Mon 3 times", "May be retried on Mon <*> times")]
    [InlineData("Logging via jetty-6.1.26 on worker-12", "Logging via jetty-<*> on worker-<*>")]
    [InlineData("at host-1.example.com/10.86.169.121:62260", "at <*>")]
    public void Mask_MessageWithVariables_ReplacesThemAndKeepsTheWords(string message, string expected) =>
        Assert.Equal(expected, VariableMasker.Mask(message));

    [Theory]
    [InlineData("Slf4jLogger started on IPv6 with Log4j", "Slf4jLogger started on IPv6 with Log4j")]
    [InlineData("org.apache.hadoop.mapreduce.v2.app.MRAppMaster created", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster created")]
    [InlineData("VM Started (Lifecycle Event)", "VM Started (Lifecycle Event)")]
    public void Mask_NamesWithFewDigits_AreKept(string message, string expected) =>
        Assert.Equal(expected, VariableMasker.Mask(message));

    [Fact]
    public void Mask_Whitespace_IsCollapsedToSingleSpaces() =>
        Assert.Equal("a b c", VariableMasker.Mask("  a \t b    c  "));

    [Fact]
    public void Mask_DestinationTooSmall_Throws() =>
        Assert.Throws<ArgumentException>(() => VariableMasker.Mask("123 456", new char[4]));

    [Fact]
    public void Mask_WorstCaseOutput_FitsMaxOutputLength()
    {
        var message = string.Join(',', Enumerable.Repeat("0", 200));
        var buffer = new char[VariableMasker.MaxOutputLength(message.Length)];
        var written = VariableMasker.Mask(message, buffer);
        Assert.True(written <= buffer.Length);
    }

    [Theory]
    [InlineData("Started", "Word")]
    [InlineData("(Lifecycle", "Word")]
    [InlineData("FAIL_CONTAINER_CLEANUP", "Word")]
    [InlineData("dfs.DataNode$PacketResponder:", "Identifier")]
    [InlineData("en0", "Identifier")]
    [InlineData("PendingReds:<*>", "Identifier")]
    [InlineData("<*>", "Variable")]
    [InlineData("(<*>),", "Variable")]
    [InlineData("yarn,curi", "Variable")]
    [InlineData("getAppContext()", "Word")]
    public void Classify_Token_GivesItsKind(string token, string expected) =>
        Assert.Equal(Enum.Parse<TokenKind>(expected), VariableMasker.Classify(token));
}
