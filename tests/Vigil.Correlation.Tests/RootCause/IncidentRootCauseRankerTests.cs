using Vigil.Core.Signals;
using Vigil.Correlation.RootCause;
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
    public void Rank_EarlierMildWarningOnTheDependent_SeriousOnsetDecides()
    {
        // payments had a warning for minutes; its critical trouble came after db's.
        Assert.Equal(["db", "payments"], Rank(
            Alert("payments", 0, name: "TargetScrapeSlow", severity: 50), Alert("db", 300, severity: 90), Alert("payments", 320, severity: 90)));
    }
}
