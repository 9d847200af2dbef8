using Vigil.Core.Incidents;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;
using static Vigil.Correlation.Tests.Incidents.IncidentCorrelatorTests;

namespace Vigil.Correlation.Tests.RootCause;

public sealed class IncidentRootCauseRankerTests
{
    // Graph: frontend → checkout → payments → db.
    private static List<string> Rank(params Signal[] signals) =>
        [.. IncidentRootCauseRanker.Rank([.. signals.Select(static s => (s, s.Labels.Get("service")!))], Graph, [], TimeSpan.FromMinutes(30)).Select(static c => c.Entity)];

    [Fact]
    public void Rank_DependencyInTroubleFirst_RanksItFirst()
    {
        Assert.Equal(["db", "frontend"], Rank(Alert("db", 0, severity: 90), Alert("frontend", 30, severity: 90)));
    }

    [Fact]
    public void Rank_DependentInTroubleLongBefore_NotExplainedByALaterDependency()
    {
        // frontend broke ten minutes before db: db cannot have caused it, nor does db explain it.
        Assert.Equal(["frontend", "db"], Rank(Alert("frontend", 0, severity: 90), Alert("db", 600, severity: 90)));
    }

    [Fact]
    public void Rank_WithinTheOnsetTolerance_DependencyStillFirst()
    {
        // Detectors see one change a scrape or two apart: a dependent seen 45 s before its dependency is still its victim.
        Assert.Equal(["db", "payments"], Rank(Alert("payments", 0, severity: 90), Alert("db", 45, severity: 90)));
    }

    [Fact]
    public void Rank_DependentsBlipOverBeforeTheOutage_TheOutageStillFirst()
    {
        // payments' CPU spiked for a minute and was calm again three minutes before db failed; then db's callers
        // slowed down. The blip joined the incident, but payments' latency, the trouble db caused, began after db's.
        var blip = Anomaly("process_cpu_seconds_total", "payments", "app-1", 0, severity: 98) with { End = T0.AddSeconds(75) };
        Assert.Equal(["db", "payments", "checkout"], Rank(
            blip,
            Alert("db", 255, severity: 90),
            Anomaly("http_request_duration_seconds", "payments", "app-1", 300, severity: 100),
            Anomaly("http_request_duration_seconds", "checkout", "app-2", 330, severity: 100)));
    }

    [Fact]
    public void Rank_ResourceBlipOnASiblingDependency_TheDependencyWithServiceSymptomsFirst()
    {
        // ledger calls kafka and pg; cart calls ledger. kafka's memory dipped first, then pg's latency jumped and its
        // callers followed: callers feel a dependency through its latency and errors, not its memory.
        var graph = TopologyGraph.Create([], [new TopologyEdge("ledger", "kafka"), new TopologyEdge("ledger", "pg"), new TopologyEdge("cart", "ledger")]);
        Signal[] signals =
        [
            Anomaly("process_resident_memory_bytes", "kafka", "db-4", 0, severity: 90),
            Anomaly("http_request_duration_seconds", "pg", "db-2", 300, severity: 100),
            Anomaly("http_request_duration_seconds", "ledger", "app-2", 330, severity: 100),
            Anomaly("http_request_duration_seconds", "cart", "app-2", 345, severity: 100),
        ];

        var ranked = IncidentRootCauseRanker.Rank([.. signals.Select(static s => (s, s.Labels.Get("service")!))], graph, [], TimeSpan.FromMinutes(30));

        Assert.Equal(["pg", "kafka", "ledger", "cart"], ranked.Select(static c => c.Entity));
        Assert.Contains(ranked[1].Evidence, static e => e.Kind == CauseEvidenceKind.Upstream && e.Description.Contains("counted half", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_DependencyWatchedOnlyThroughItsResources_StillAboveItsCallers()
    {
        // db has only its host's metrics; its CPU saturated, then payments and checkout slowed down.
        Assert.Equal(["db", "payments", "checkout"], Rank(
            Anomaly("node_cpu_seconds_total", "db", "db-1", 0, severity: 90),
            Anomaly("http_request_duration_seconds", "payments", "app-1", 30, severity: 90),
            Anomaly("http_request_duration_seconds", "checkout", "app-1", 40, severity: 90)));
    }

    [Fact]
    public void Rank_CriticalResourceAlertOnTheDependency_ItIsTheOutage()
    {
        // An alert is someone's definition of broken whatever its name: a DiskFull alert on db explains its callers.
        Assert.Equal("db", Rank(
            Alert("db", 0, name: "DiskFull", severity: 90), Alert("payments", 1, severity: 90), Alert("checkout", 2, severity: 50), Alert("frontend", 3, name: "HighErrorRate", severity: 50))[0]);
    }

    [Theory]
    [InlineData("process_cpu_seconds_total", true)]
    [InlineData("node_filesystem_avail_bytes", true)]
    [InlineData("container_memory_working_set_bytes", true)]
    [InlineData("system.memory.usage", true)]
    [InlineData("HighCpuUsage", true)]
    [InlineData("DiskAlmostFull", true)]
    [InlineData("http_request_duration_seconds", false)]
    [InlineData("http_requests_total", false)]
    [InlineData("HighErrorRate", false)]
    [InlineData("memcached_commands_total", false)]
    public void ResourceSymptom_NamesByTheirWords(string name, bool resource)
    {
        Assert.Equal(resource, ResourceSymptom.HasResourceWord(name));
    }

    [Fact]
    public void Rank_EarlierMildWarningOnTheDependent_SeriousOnsetDecides()
    {
        // payments had a warning for minutes; its critical trouble came after db's.
        Assert.Equal(["db", "payments"], Rank(
            Alert("payments", 0, name: "TargetScrapeSlow", severity: 50), Alert("db", 300, severity: 90), Alert("payments", 320, severity: 90)));
    }
}
