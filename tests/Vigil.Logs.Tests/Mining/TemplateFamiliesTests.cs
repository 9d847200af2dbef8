using Vigil.Logs.Mining;

namespace Vigil.Logs.Tests.Mining;

/// <summary>Golden tests: two messages of one kind from a log family in, the template and the second message's parameters out.</summary>
public sealed class TemplateFamiliesTests
{
    public static TheoryData<string, string, string, string, string[]> Families => new()
    {
        {
            "Zookeeper",
            "Established session 0x14ed93111f20027 with negotiated timeout 10000 for client /10.10.34.11:52111",
            "Established session 0x24ed93111f2001b with negotiated timeout 20000 for client /10.10.34.13:40301",
            "Established session <*> with negotiated timeout <*> for client <*>",
            ["0x24ed93111f2001b", "20000", "/10.10.34.13:40301"]
        },
        {
            "Apache",
            "jk2_init() Found child 6725 in scoreboard slot 10",
            "jk2_init() Found child 6726 in scoreboard slot 8",
            "jk2_init() Found child <*> in scoreboard slot <*>",
            ["6726", "8"]
        },
        {
            "Spark",
            "Finished task 0.0 in stage 1.0 (TID 8). 2087 bytes result sent to driver",
            "Finished task 3.0 in stage 12.0 (TID 47). 1942 bytes result sent to driver",
            "Finished task <*> in stage <*> (TID <*>). <*> bytes result sent to driver",
            ["3.0", "12.0", "47", "1942"]
        },
        {
            "Hadoop",
            "Before Scheduling: PendingReds:0 ScheduledMaps:11 ScheduledReds:0 AssignedMaps:0",
            "Before Scheduling: PendingReds:1 ScheduledMaps:0 ScheduledReds:1 AssignedMaps:10",
            "Before Scheduling: PendingReds:<*> ScheduledMaps:<*> ScheduledReds:<*> AssignedMaps:<*>",
            ["1", "0", "1", "10"]
        },
        {
            "Windows",
            "Session: 30546174_3347934142 initialized by client WindowsUpdateAgent.",
            "Session: 30546175_3347934143 initialized by client WindowsUpdateAgent.",
            "Session: <*> initialized by client WindowsUpdateAgent.",
            ["30546175_3347934143"]
        },
        {
            "Linux",
            "connection from 84.102.20.2 () at Fri Jul 22 09:27:24 2005",
            "connection from 211.72.2.106 (mail.example.com) at Sat Jun 18 02:08:10 2005",
            "connection from <*> (<*>) at <*>",
            ["211.72.2.106", "mail.example.com", "Sat Jun 18 02:08:10 2005"]
        },
        {
            "Android",
            "acquire lock=233570404, flags=0x1, tag=\"View Lock\", name=com.android.systemui, ws=null, uid=10037, pid=2227",
            "acquire lock=166121161, flags=0x1, tag=\"View Lock\", name=com.android.systemui, ws=null, uid=10037, pid=2626",
            "acquire lock=<*>, flags=<*>, tag=\"<*>\", name=com.android.systemui, ws=<*>, uid=<*>, pid=<*>",
            ["166121161", "0x1", "View Lock", "null", "10037", "2626"]
        },
        {
            "OpenStack",
            "10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829",
            "10.11.10.1 \"GET /v2/e9746973ac574c6b8a9e8857f56a7608/servers/detail HTTP/1.1\" status: 200 len: 1874 time: 0.2280791",
            "<*> \"GET <*>\" status: <*> len: <*> time: <*>",
            ["10.11.10.1", "/v2/e9746973ac574c6b8a9e8857f56a7608/servers/detail HTTP/1.1", "200", "1874", "0.2280791"]
        },
        {
            "BGL",
            "generating core.2275",
            "generating core.862",
            "generating core.<*>",
            ["862"]
        },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Process_TwoMessagesOfAFamily_GiveTheTemplateAndParameters(string family, string first, string second, string template, string[] parameters)
    {
        var miner = new TemplateMiner();
        var a = miner.Process(first).Template;
        var b = miner.Process(second).Template;
        Assert.True(a.Id == b.Id, family);
        Assert.Equal(template, b.Text);
        Assert.Equal(parameters, b.GetParameters(second));
    }
}
