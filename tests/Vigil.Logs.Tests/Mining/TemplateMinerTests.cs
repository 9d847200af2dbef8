using Vigil.Logs.Mining;

namespace Vigil.Logs.Tests.Mining;

public sealed class TemplateMinerTests
{
    private static List<(string Template, TemplateId Id)> Mine(TemplateMiner miner, params string[] messages) =>
        messages.Select(m => miner.Process(m).Template).ToList().Select(t => (t.Text, t.Id)).ToList();

    private static string[] FinalTemplates(params string[] messages)
    {
        var miner = new TemplateMiner();
        var templates = messages.Select(m => miner.Process(m).Template).ToList();
        return templates.Select(t => t.Text).ToArray();
    }

    [Fact]
    public void Process_HdfsFamily_GivesLoghubTemplates()
    {
        var templates = FinalTemplates(
            "PacketResponder 1 for block blk_38865049064139660 terminating",
            "PacketResponder 0 for block blk_-6952295868487656571 terminating",
            "BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864",
            "BLOCK* ask 10.250.14.224:50010 to delete  blk_-1 blk_-2 blk_-3",
            "BLOCK* ask 10.250.14.224:50010 to delete  blk_-4",
            "Verification succeeded for blk_-4980916519894289629");
        Assert.Equal(
        [
            "PacketResponder <*> for block <*> terminating",
            "PacketResponder <*> for block <*> terminating",
            "BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>",
            "BLOCK* ask <*> to delete <*>",
            "BLOCK* ask <*> to delete <*>",
            "Verification succeeded for <*>",
        ], templates);
    }

    [Fact]
    public void Process_MessagesDifferingInOneWord_StayApart()
    {
        var miner = new TemplateMiner();
        var started = miner.Process("[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)");
        var paused = miner.Process("[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Paused (Lifecycle Event)");
        Assert.NotEqual(started.Template.Id, paused.Template.Id);
        Assert.Equal("[instance: <*>] VM Paused (Lifecycle Event)", paused.Template.Text);
    }

    [Fact]
    public void Process_LongMessagesDifferingInOneName_Merge()
    {
        var miner = new TemplateMiner();
        var first = miner.Process("com.apple.CacheDelete.daily: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for 439034 seconds.  Ignoring.");
        var second = miner.Process("com.apple.icloud.fmfd.heartbeat: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for 80 seconds.  Ignoring.");
        Assert.Equal(TemplateChange.Created, first.Change);
        Assert.Equal(TemplateChange.Generalized, second.Change);
        Assert.Equal(first.Template.Id, second.Template.Id);
        Assert.StartsWith("<*>: scheduler_evaluate_activity", second.Template.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_ValueSpanningMoreTokens_KeepsOneTemplate()
    {
        var miner = new TemplateMiner();
        var a = miner.Process("chrome.exe - proxy.example.com:5070 close, 1190 bytes sent, 1671 bytes received, lifetime 00:02");
        var b = miner.Process("chrome.exe - proxy.example.com:5070 close, 403 bytes sent, 426 bytes (1.4 KB) received, lifetime <1 sec");
        Assert.Equal(a.Template.Id, b.Template.Id);
        Assert.Equal(TemplateChange.Generalized, b.Change);
    }

    [Fact]
    public void Process_FifthWordVariant_MergesTheSiblingsIntoTheOldest()
    {
        var miner = new TemplateMiner();
        string[] users = ["admin", "test", "oracle", "guest", "ubuntu", "postgres"];
        var results = users.Select((u, i) => miner.Process($"Invalid user {u} from 103.99.0.{i}")).ToList();
        Assert.Equal(TemplateChange.Created, results[3].Change);
        Assert.Equal(TemplateChange.Generalized, results[4].Change);
        Assert.Equal([2, 3, 4, 5], results[4].Absorbed!.Select(t => t.Id.Value));
        Assert.Equal(TemplateChange.None, results[5].Change);
        var merged = results[5].Template;
        Assert.Equal("Invalid user <*> from <*>", merged.Text);
        Assert.Equal(results[0].Template.Id, merged.Id);
        Assert.All(results, r => Assert.Same(merged, r.Template.Current));
        Assert.Equal(6, merged.Count);
        Assert.Equal(1, miner.TemplateCount);
        Assert.Equal(["root", "10.0.0.1"], merged.GetParameters("Invalid user root from 10.0.0.1"));
        Assert.Equal(merged.Id, miner.Process("Invalid user admin from 1.2.3.4").Template.Id);
    }

    [Fact]
    public void Process_FourWordVariants_StayApart()
    {
        var miner = new TemplateMiner();
        string[] events = ["Started", "Paused", "Resumed", "Stopped", "Started"];
        var ids = events.Select(e => miner.Process($"[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] VM {e} (Lifecycle Event)").Template.Id).ToList();
        Assert.Equal(4, ids.Distinct().Count());
        Assert.Equal(ids[0], ids[4]);
    }

    [Fact]
    public void SaveRestore_AfterWordMerge_KeepsTheMergedTemplate()
    {
        var miner = new TemplateMiner();
        foreach (var user in new[] { "a", "b", "c", "d", "e" })
        {
            miner.Process($"session opened for user {user} by uid 0");
        }
        using var stream = new MemoryStream();
        miner.Save(stream);
        stream.Position = 0;
        var restored = TemplateMiner.Restore(stream);
        var result = restored.Process("session opened for user zed by uid 0");
        Assert.Equal(TemplateChange.None, result.Change);
        Assert.Equal(miner.Templates.Single().Id, result.Template.Id);
    }

    [Fact]
    public void Process_ExtraField_IsAnotherKind()
    {
        var miner = new TemplateMiner();
        var with = miner.Process("check failed for request 12 from 10.0.0.1 after retry user=root");
        var without = miner.Process("check failed for request 13 from 10.0.0.2 after retry");
        Assert.NotEqual(with.Template.Id, without.Template.Id);
    }

    [Fact]
    public void Process_SameKindAgain_ReportsNoChangeAndCounts()
    {
        var miner = new TemplateMiner();
        miner.Process("Took 0.48 seconds to deallocate network for instance.");
        var again = miner.Process("Took 19.84 seconds to deallocate network for instance.");
        Assert.Equal(TemplateChange.None, again.Change);
        Assert.Equal(2, again.Template.Count);
        Assert.Equal("Took <*> seconds to deallocate network for instance.", again.Template.Text);
    }

    [Fact]
    public void Process_OnlyVariables_NeverMergesIntoAnAllWildcardTemplate()
    {
        var miner = new TemplateMiner();
        var a = miner.Process("alpha.one beta.two");
        var b = miner.Process("gamma.three delta.four");
        Assert.NotEqual(a.Template.Id, b.Template.Id);
        Assert.Contains(miner.Templates, t => t.Text == "alpha.one beta.two");
    }

    [Fact]
    public void GetParameters_MatchingMessage_ReturnsTheValuesInOrder()
    {
        var miner = new TemplateMiner();
        miner.Process("Received block blk_1 of size 67108864 from /10.250.10.6");
        var template = miner.Process("Received block blk_-2 of size 3 from /10.250.10.7").Template;
        Assert.Equal(["blk_-9", "42", "/10.0.0.1"], template.GetParameters("Received block blk_-9 of size 42 from /10.0.0.1"));
    }

    [Fact]
    public void GetParameters_PartlyVariableToken_ReturnsOnlyTheValue()
    {
        var template = new TemplateMiner().Process("After Scheduling: PendingReds:0 ScheduledMaps:11").Template;
        Assert.Equal(["3", "7"], template.GetParameters("After Scheduling: PendingReds:3 ScheduledMaps:7"));
    }

    [Fact]
    public void GetParameters_Gap_ReturnsTheWholeStretch()
    {
        var miner = new TemplateMiner();
        miner.Process("ask 10.0.0.1:50010 to delete blk_1");
        var template = miner.Process("ask 10.0.0.2:50010 to delete blk_2 blk_3").Template;
        Assert.Equal(["10.0.0.3:1", "blk_4 blk_5 blk_6"], template.GetParameters("ask 10.0.0.3:1 to delete blk_4 blk_5 blk_6"));
    }

    [Fact]
    public void GetParameters_OtherShape_ReturnsEmpty()
    {
        var template = new TemplateMiner().Process("Took 3 seconds to build").Template;
        Assert.Empty(template.GetParameters("something else entirely"));
    }

    [Fact]
    public void SaveRestore_KeepsIdsTextsAndCounter()
    {
        var miner = new TemplateMiner();
        string[] lines =
        [
            "Took 0.48 seconds to deallocate network for instance.",
            "VM Started (Lifecycle Event)",
            "VM Paused (Lifecycle Event)",
            "Took 1.5 seconds to deallocate network for instance.",
            "PacketResponder 1 for block blk_1 terminating",
        ];
        var before = lines.Select(l => miner.Process(l).Template.Id).ToList();
        using var stream = new MemoryStream();
        miner.Save(stream);
        stream.Position = 0;

        var restored = TemplateMiner.Restore(stream);
        Assert.Equal(miner.TemplateCount, restored.TemplateCount);
        Assert.Equal(before, lines.Select(l => restored.Process(l).Template.Id).ToList());
        Assert.Equal(miner.Templates.Select(t => t.Text).Order(), restored.Templates.Select(t => t.Text).Order());
        var fresh = restored.Process("A brand new kind of message");
        Assert.Equal(new TemplateId(before.Max(id => id.Value) + 1), fresh.Template.Id);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x56, 0x47, 0x4C, 0x54, 9, 0, 0, 0 })]
    [InlineData(new byte[] { 0x56, 0x47, 0x4C, 0x54, 2, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0 })]
    public void Restore_Garbage_ThrowsInvalidData(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => TemplateMiner.Restore(new MemoryStream(bytes)));

    [Fact]
    public void Process_BeyondMaxTemplates_EvictsTheLeastRecentlyUsed()
    {
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxTemplates = 2 });
        var a = miner.Process("alpha happened").Template;
        var b = miner.Process("beta happened").Template;
        miner.Process("alpha happened");
        var c = miner.Process("gamma happened");
        Assert.Same(b, c.Evicted);
        Assert.True(b.IsEvicted);
        Assert.Equal(2, miner.TemplateCount);
        Assert.Equal(1, miner.EvictedCount);
        Assert.Equal(a.Id, miner.Process("alpha happened").Template.Id);
        var bAgain = miner.Process("beta happened");
        Assert.Equal(TemplateChange.Created, bAgain.Change);
        Assert.NotEqual(b.Id, bAgain.Template.Id);
    }

    [Fact]
    public void Process_SmallCache_GivesTheSameTemplates()
    {
        string[] lines = ["a 1 b", "a 2 b", "c x.y d", "c x.z d", "a 3 b", "e f"];
        var big = new TemplateMiner();
        var small = new TemplateMiner(new TemplateMinerOptions { MaxCacheEntries = 1 });
        Assert.Equal(lines.Select(l => big.Process(l).Template.Id), lines.Select(l => small.Process(l).Template.Id));
    }

    [Fact]
    public void Process_Junk_NeverThrows()
    {
        var random = new Random(42);
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxMessageLength = 4096 });
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            var text = System.Text.Encoding.UTF8.GetString(bytes); // invalid UTF-8 becomes U+FFFD
            miner.Process(text);
            miner.Process(new string(bytes.Select(b => (char)b).ToArray()));
            var chars = new char[bytes.Length];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = (char)random.Next(0, 0x10000); // lone surrogates included
            }
            miner.Process(new string(chars));
        }
        miner.Process(new string('9', 100_000));
        miner.Process("");
        miner.Process("   ");
        miner.Process("<*> <*> <*>");
        Assert.True(miner.TemplateCount > 0);
    }

    [Fact]
    public void Process_SameInput_IsDeterministic()
    {
        string[] lines = ["x 1 y", "x 2 y z", "q.r 5 s", "q.t 6 s", "x 3 y"];
        var first = Mine(new TemplateMiner(), lines);
        var second = Mine(new TemplateMiner(), lines);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemplateMiner(new TemplateMinerOptions { SimilarityThreshold = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemplateMiner(new TemplateMinerOptions { MaxTemplates = 0 }));
    }

    [Theory]
    [InlineData("T17", 17)]
    [InlineData("T1", 1)]
    public void TemplateId_Parse_RoundTrips(string text, int value)
    {
        Assert.Equal(value, TemplateId.Parse(text).Value);
        Assert.Equal(text, TemplateId.Parse(text).ToString());
    }

    [Theory]
    [InlineData("17")]
    [InlineData("T0")]
    [InlineData("T-1")]
    [InlineData("")]
    public void TemplateId_TryParse_Invalid_ReturnsFalse(string text) => Assert.False(TemplateId.TryParse(text, out _));
}
