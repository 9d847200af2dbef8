using System.Collections.Immutable;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Incidents;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.Incidents;

public sealed class IncidentCorrelatorTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // frontend → checkout → payments → db ; search → index (unrelated)
    internal static readonly TopologyGraph Graph = TopologyGraph.Create(
        [new Entity("checkout", EntityKind.Service), new Entity("db", EntityKind.Database)],
        [new TopologyEdge("frontend", "checkout"), new TopologyEdge("checkout", "payments"), new TopologyEdge("payments", "db"), new TopologyEdge("search", "index")]);

    internal static Signal Alert(string service, double seconds, string name = "HighLatency", int severity = 60, double? endSeconds = null, params string[] extra)
    {
        var labels = Labels.From([.. new[] { "alertname", name, "service", service }, .. extra]);
        return new Signal
        {
            Kind = SignalKind.ExternalAlert,
            Entity = "service/" + service,
            Start = T0.AddSeconds(seconds),
            End = endSeconds is { } e ? T0.AddSeconds(e) : null,
            Severity = severity,
            Score = severity / 100.0,
            Summary = $"{name} on {service}",
            Labels = labels,
            Fingerprint = Signal.ComputeFingerprint(SignalKind.ExternalAlert, "service/" + service, labels),
        };
    }

    /// <summary>Options without the transient pause, so a lone signal opens its incident at once: most tests are about
    /// what happens next (the pause has tests of its own).</summary>
    internal static IncidentCorrelatorOptions Immediate(IncidentCorrelatorOptions? options = null) =>
        (options ?? new IncidentCorrelatorOptions()) with { TransientPause = TimeSpan.Zero };

    private static IncidentCorrelator Make(IncidentCorrelatorOptions? options = null, TopologyGraph? graph = null)
    {
        var correlator = new IncidentCorrelator(Immediate(options));
        correlator.SetContext(graph ?? Graph, []);
        return correlator;
    }

    private static ImmutableArray<IncidentChange> Feed(IncidentCorrelator c, params Signal[] signals)
    {
        var all = ImmutableArray.CreateBuilder<IncidentChange>();
        foreach (var s in signals)
        {
            all.AddRange(c.Observe(s, s.End ?? s.Start));
        }
        return all.ToImmutable();
    }

    [Fact]
    public void Observe_BackfilledHistory_RepeatLongAfterItsIncidentWentQuiet_GroupedAfresh()
    {
        // An hour of history arrives within seconds (a backfill, a shard catching up): the ticks that would have dropped
        // payments' early transient have not run when its fingerprint fires again, half an hour later in the data,
        // next to db's outage. It belongs with the outage, not with the old transient.
        var c = new IncidentCorrelator(new IncidentCorrelatorOptions());
        c.SetContext(Graph, []);
        var wall = T0.AddHours(1);
        c.Observe(Alert("payments", 0, name: "HighErrorRate", severity: 90), wall);
        c.Observe(Alert("payments", 0, name: "HighErrorRate", severity: 90, endSeconds: 75), wall);
        c.Observe(Alert("db", 1800, name: "Down", severity: 95), wall.AddSeconds(1));
        c.Observe(Alert("payments", 1830, name: "HighErrorRate", severity: 90), wall.AddSeconds(2));

        var incident = Assert.Single(c.Incidents);
        Assert.Equal("db", incident.RootCauses[0].Entity);
        Assert.Equal(2, incident.SignalCount);
        Assert.DoesNotContain(incident.Members, static m => m.Start == T0);
    }

    [Fact]
    public void Observe_RepeatLongAfterItsOwnLastFiring_NotHeldByAnotherMembersAlert()
    {
        // payments' errors fire and end; an unrelated job alert on checkout joins their incident and stays open for
        // twenty minutes. When payments' errors fire again two minutes after that alert ended, the old incident is only
        // being held open by the alert: the repeat is grouped afresh, not chained onto it.
        var c = Make();
        Feed(c,
            Alert("payments", 0, name: "HighErrorRate", severity: 90),
            Alert("payments", 0, name: "HighErrorRate", severity: 90, endSeconds: 75),
            Alert("checkout", 120, name: "KubeJobFailed", severity: 50),
            Alert("checkout", 120, name: "KubeJobFailed", severity: 50, endSeconds: 1200),
            Alert("payments", 1320, name: "HighErrorRate", severity: 90));

        Assert.Equal(2, c.Incidents.Count());
        var first = Assert.Single(c.Incidents, static i => i.Members.Any(static m => m.Start == T0));
        Assert.Equal(2, first.SignalCount);
    }

    [Fact]
    public void Observe_RepeatSoonAfterItsOwnLastFiring_JoinsItsIncident()
    {
        // The same errors flapping back three minutes later are the same trouble.
        var c = Make();
        Feed(c,
            Alert("payments", 0, name: "HighErrorRate", severity: 90),
            Alert("payments", 0, name: "HighErrorRate", severity: 90, endSeconds: 75),
            Alert("payments", 255, name: "HighErrorRate", severity: 90));

        Assert.Equal(2, Assert.Single(c.Incidents).SignalCount);
    }

    [Fact]
    public void Observe_HistoryArrivingAfterALaterOutage_NotGroupedWithIt()
    {
        // A shard catching up delivers payments' signal of half an hour before db's outage after the outage's: it
        // started long before anything in db's incident, so it is not part of it.
        var c = Make();
        var wall = T0.AddHours(1);
        c.Observe(Alert("db", 1800, name: "Down", severity: 95), wall);
        c.Observe(Alert("payments", 0, name: "HighErrorRate", severity: 90), wall.AddSeconds(1));
        c.Observe(Alert("payments", 0, name: "HighErrorRate", severity: 90, endSeconds: 75), wall.AddSeconds(1));

        var outage = Assert.Single(c.Incidents, static i => i.RootCauses[0].Entity == "db");
        Assert.Equal(1, outage.SignalCount);
    }

    [Fact]
    public void Observe_CascadeAlongDependencies_OneIncidentRootedAtTheBottom()
    {
        var c = Make();
        var changes = Feed(c, Alert("frontend", 0), Alert("checkout", 10), Alert("payments", 20), Alert("db", 5, severity: 90));

        Assert.Equal(IncidentChangeKind.Opened, changes[0].Kind);
        var incident = Assert.Single(c.Incidents);
        Assert.Equal(4, incident.SignalCount);
        Assert.Equal(90, incident.Severity);
        Assert.Equal("db", incident.RootCauses[0].Entity);
        Assert.Equal(1, incident.RootCauses[0].Rank);
        Assert.Contains(incident.RootCauses[0].Evidence, e => e.Kind == CauseEvidenceKind.Upstream && e.Description.Contains("frontend", StringComparison.Ordinal));
        Assert.StartsWith("db: HighLatency on db — affects ", incident.Title, StringComparison.Ordinal);
        Assert.Equal("db", incident.Entities[0]);
        Assert.Contains(incident.Reasons, r => r.Contains("10 s apart, frontend → checkout", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_DependentsOfATroubledDependency_AreInhibitedAndDoNotNotify()
    {
        var c = Make();
        Feed(c, Alert("db", 0, severity: 90));
        var changes = c.Observe(Alert("payments", 30), T0.AddSeconds(30));

        var change = Assert.Single(changes);
        Assert.Equal(IncidentChangeKind.SignalInhibited, change.Kind);
        Assert.False(change.Notify);
        var incident = Assert.Single(c.Incidents);
        Assert.Equal(MemberRole.Inhibited, incident.Members.Single(m => m.Entity == "payments").Role);
        Assert.Equal(MemberRole.Active, incident.Members.Single(m => m.Entity == "db").Role);
        Assert.Contains(incident.Timeline, t => t.Kind == TimelineKind.SignalInhibited);
    }

    [Fact]
    public void Observe_FarDependentBeyondHopsAndGap_StillInhibitedByOpenDependencyIncident()
    {
        var c = Make(new IncidentCorrelatorOptions { Grouping = new() { MaxTopologyHops = 1 } });
        Feed(c, Alert("db", 0, severity: 90));
        // frontend is 3 hops above db and starts an hour later: no grouping relation, but its dependency is in trouble.
        var change = Assert.Single(c.Observe(Alert("frontend", 3600), T0.AddSeconds(3600)));
        Assert.Equal(IncidentChangeKind.SignalInhibited, change.Kind);
        Assert.Single(c.Incidents);
        Assert.Contains("inhibited: its dependency db is in trouble", change.Incident!.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_WarningOnADependency_DoesNotInhibitAFarDependent()
    {
        var c = Make(new IncidentCorrelatorOptions { Grouping = new() { MaxTopologyHops = 1 } });
        Feed(c, Alert("db", 0, name: "BackupTooOld", severity: 50));
        // Only critical trouble explains what depends on it (Alertmanager's inhibit rules take critical sources).
        var change = Assert.Single(c.Observe(Alert("frontend", 3600), T0.AddSeconds(3600)));
        Assert.Equal(IncidentChangeKind.Opened, change.Kind);
        Assert.Equal(2, c.Incidents.Count());
    }

    [Fact]
    public void Observe_NeighbourOfAMemberLongOver_OpensAnotherThoughTheIncidentIsStillActive()
    {
        var c = Make(new IncidentCorrelatorOptions { Inhibit = false });
        // checkout's signal ended at 60 s; frontend keeps the incident open; payments (next to checkout, two hops from
        // frontend) starts 20 min later: it relates to no member active around it.
        var first = Feed(c, Alert("checkout", 0, endSeconds: 60), Alert("frontend", 30))[0].Incident!;
        var change = c.Observe(Alert("payments", 1200), T0.AddSeconds(1200))[0];
        Assert.Equal(IncidentChangeKind.Opened, change.Kind);
        Assert.NotEqual(first.Id, change.Incident!.Id);
        // While checkout was still active, payments would have joined.
        var d = Make(new IncidentCorrelatorOptions { Inhibit = false });
        var joined = Feed(d, Alert("checkout", 0, endSeconds: 60), Alert("payments", 200))[^1];
        Assert.Equal(IncidentChangeKind.SignalJoined, joined.Kind);
    }

    [Theory]
    [InlineData(60, false)] // a warning open for 20 minutes is background by then
    [InlineData(90, true)] // an outage in progress keeps taking its neighbours
    public void Observe_NeighbourOfALongOpenMember_JoinsOnlyWhenThatMemberIsCritical(int severity, bool joins)
    {
        var c = Make(new IncidentCorrelatorOptions { Inhibit = false });
        var first = Feed(c, Alert("checkout", 0, severity: severity))[0].Incident!;

        var change = c.Observe(Alert("payments", 1200), T0.AddSeconds(1200))[0];

        Assert.Equal(joins ? IncidentChangeKind.SignalJoined : IncidentChangeKind.Opened, change.Kind);
        Assert.Equal(joins, change.Incident!.Id == first.Id);
    }

    [Fact]
    public void Observe_DependentRecurringAfterResolve_OpensNewIncidentInsteadOfReopening()
    {
        var c = Make();
        Feed(c, Alert("db", 0, severity: 90), Alert("payments", 10), Alert("db", 0, severity: 90, endSeconds: 60), Alert("payments", 10, endSeconds: 60));
        var resolved = Assert.Single(c.Tick(T0.AddSeconds(400))).Incident!;
        Assert.Equal("db", resolved.RootCauses[0].Entity);

        // payments alone again: a symptom, not the root cause coming back.
        var change = c.Observe(Alert("payments", 1000), T0.AddSeconds(1000))[0];
        Assert.Equal(IncidentChangeKind.Opened, change.Kind);
        Assert.NotEqual(resolved.Id, change.Incident!.Id);
        Assert.Contains(change.Incident.Similar, x => x.Id == resolved.Id);
    }

    [Fact]
    public void TransientPause_LoneSignalOverWithinThePause_OpensNoIncident()
    {
        var c = new IncidentCorrelator();
        c.SetContext(Graph, []);

        var paused = Assert.Single(c.Observe(Alert("checkout", 0, severity: 90), T0));
        Assert.Equal(IncidentChangeKind.Paused, paused.Kind);
        Assert.Null(paused.Incident);
        Assert.Empty(c.Observe(Alert("checkout", 0, severity: 90, endSeconds: 75), T0.AddSeconds(75)));
        Assert.Empty(c.Tick(T0.AddSeconds(90)));
        Assert.Empty(c.Tick(T0.AddSeconds(130)));
        Assert.Empty(c.Incidents);

        // The next incident is number 1: a transient leaves no gap.
        var opened = Feed(c, Alert("index", 200), Alert("search", 210)).First(x => x.Kind == IncidentChangeKind.Opened);
        Assert.Equal(new IncidentId(1), opened.Incident!.Id);
    }

    [Fact]
    public void TransientPause_RelatedSignalJoins_OpensAtOnceWithBoth()
    {
        var c = new IncidentCorrelator();
        c.SetContext(Graph, []);
        c.Observe(Alert("checkout", 0), T0);

        var changes = c.Observe(Alert("payments", 20), T0.AddSeconds(20));

        Assert.Equal([IncidentChangeKind.Opened, IncidentChangeKind.SignalJoined], changes.Select(static x => x.Kind));
        Assert.True(changes[0].Notify);
        Assert.False(changes[1].Notify);
        var incident = Assert.Single(c.Incidents);
        Assert.Equal(new IncidentId(1), incident.Id);
        Assert.Equal(2, incident.SignalCount);
    }

    [Fact]
    public void TransientPause_LoneSignalStillOpenAtTheEnd_OpensWhenCritical_WaitsWhenMilder()
    {
        var c = new IncidentCorrelator();
        c.SetContext(Graph, []);
        c.Observe(Alert("db", 0, name: "DiskFull", severity: 90), T0);
        c.Observe(Alert("index", 0, name: "BackupTooOld", severity: 50), T0);

        Assert.Empty(c.Tick(T0.AddSeconds(110)));
        var opened = Assert.Single(c.Tick(T0.AddSeconds(120)));
        Assert.Equal(IncidentChangeKind.Opened, opened.Kind);
        Assert.True(opened.Notify);
        Assert.Equal("db", opened.Incident!.RootCauses[0].Entity);

        // The warning on index waits for company: search, next to it, brings it in.
        Assert.Empty(c.Tick(T0.AddSeconds(180)));
        var changes = c.Observe(Alert("search", 190), T0.AddSeconds(190));
        Assert.Equal(IncidentChangeKind.Opened, changes[0].Kind);
        Assert.Equal(2, changes[0].Incident!.SignalCount);
        Assert.Equal(2, c.Incidents.Count());
    }

    [Fact]
    public void TransientPause_ForecastBreach_OpensAtOnce()
    {
        var c = new IncidentCorrelator();
        c.SetContext(Graph, []);
        var forecast = Alert("db", 0, name: "DiskFullSoon", severity: 40) with { Kind = SignalKind.ForecastBreach };

        var change = Assert.Single(c.Observe(forecast, T0));

        Assert.Equal(IncidentChangeKind.Opened, change.Kind);
        Assert.Equal(new IncidentId(1), change.Incident!.Id);
    }

    [Fact]
    public void TransientPause_PendingIncident_InvisibleToFindAndActions()
    {
        var c = new IncidentCorrelator();
        c.SetContext(Graph, []);
        c.Observe(Alert("db", 0, severity: 90), T0);

        Assert.Empty(c.Incidents);
        Assert.Null(c.Find(new IncidentId(1)));
        Assert.Equal(IncidentActionOutcome.NotFound, c.Acknowledge(new IncidentId(1), "ana", T0.AddSeconds(5)).Outcome);
    }

    [Fact]
    public void Observe_UnrelatedServices_TwoIncidents()
    {
        var c = Make();
        Feed(c, Alert("checkout", 0), Alert("index", 5, name: "DiskFull"));
        Assert.Equal(2, c.Incidents.Count());
    }

    [Fact]
    public void Observe_RelatedButBeyondMaxGap_OpensAnother()
    {
        var c = Make(new IncidentCorrelatorOptions { Inhibit = false });
        Feed(c, Alert("checkout", 0, endSeconds: 10), Alert("frontend", 10 + 301));
        Assert.Equal(2, c.Incidents.Count());
    }

    [Fact]
    public void Observe_SameLabelsWithoutTopology_JoinByLabelSimilarity()
    {
        var c = Make(graph: TopologyGraph.Empty, options: new IncidentCorrelatorOptions { InferTopologyFromLabels = false });
        var a = Alert("a", 0, extra: ["cluster", "eu-1", "team", "shop", "env", "prod"]);
        var b = Alert("b", 20, extra: ["cluster", "eu-1", "team", "shop", "env", "prod"]);
        Feed(c, a, b);
        var incident = Assert.Single(c.Incidents);
        Assert.Contains(incident.Reasons, r => r.Contains("labels 67% alike, 20 s apart", StringComparison.Ordinal));
    }

    [Fact]
    public void Observe_RuleGroupsByLabel_BeforeLearnedGrouping()
    {
        var rule = new CorrelationRule("by-cluster", [new LabelMatcher("alertname", LabelMatchType.Equal, "NodeDown")], ["cluster"], TimeSpan.FromMinutes(10));
        var c = Make(new IncidentCorrelatorOptions { Rules = [rule] });
        Feed(c,
            Alert("search", 0, name: "NodeDown", extra: ["cluster", "a"]),
            Alert("checkout", 60, name: "NodeDown", extra: ["cluster", "a"]),
            Alert("frontend", 120, name: "NodeDown", extra: ["cluster", "b"]),
            Alert("checkout", 130, name: "HighLatency"));

        var incidents = c.Incidents.ToList();
        Assert.Equal(3, incidents.Count);
        Assert.Equal("by-cluster{cluster=\"a\"}", incidents[0].GroupKey);
        Assert.Equal(2, incidents[0].SignalCount);
        Assert.Contains("service/checkout: rule by-cluster{cluster=\"a\"}", incidents[0].Reasons);
        Assert.Equal("by-cluster{cluster=\"b\"}", incidents[1].GroupKey);
        // Not matching the rule: learned grouping, which ignores rule incidents.
        Assert.Null(incidents[2].GroupKey);
    }

    [Fact]
    public void Observe_RuleWindowPassed_OpensANewGroupIncident()
    {
        var rule = new CorrelationRule("all", [], ["alertname"], TimeSpan.FromMinutes(1));
        var c = Make(new IncidentCorrelatorOptions { Rules = [rule] });
        Feed(c, Alert("search", 0, endSeconds: 5), Alert("checkout", 200));
        Assert.Equal(2, c.Incidents.Count());
    }

    [Theory]
    [InlineData("", "a", 60)]
    [InlineData("r", "", 60)]
    [InlineData("r", "a", 0)]
    public void Options_BadRule_ThrowsAtBuild(string name, string groupBy, int windowSeconds)
    {
        var rule = new CorrelationRule(name, [], groupBy.Length == 0 ? [] : [groupBy], TimeSpan.FromSeconds(windowSeconds));
        Assert.ThrowsAny<ArgumentException>(() => new IncidentCorrelator(new IncidentCorrelatorOptions { Rules = [rule] }));
    }

    [Fact]
    public void Options_DuplicateRuleNames_Throw()
    {
        var rule = new CorrelationRule("r", [], ["a"], TimeSpan.FromMinutes(1));
        var e = Assert.ThrowsAny<ArgumentException>(() => new IncidentCorrelator(new IncidentCorrelatorOptions { Rules = [rule, rule] }));
        Assert.Contains("defined twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_ActiveSilenceMatches_RecordedWithoutIncident()
    {
        var c = Make();
        c.SetSilences([new Silence(1, [new LabelMatcher("service", LabelMatchType.Regex, "check.*")], T0, T0.AddHours(1), "ana", "deploying")]);
        var change = Assert.Single(c.Observe(Alert("checkout", 10), T0.AddSeconds(10)));
        Assert.Equal(IncidentChangeKind.Silenced, change.Kind);
        Assert.Null(change.Incident);
        Assert.False(change.Notify);
        Assert.Empty(c.Incidents);

        // After the silence ends the same kind of signal opens an incident.
        Assert.Equal(IncidentChangeKind.Opened, c.Observe(Alert("checkout", 4000), T0.AddSeconds(4000))[0].Kind);
    }

    [Fact]
    public void Observe_EntityUnderMaintenance_RecordedWithoutIncident()
    {
        var c = Make();
        c.SetMaintenance([new MaintenanceWindow(1, ["db"], T0, T0.AddMinutes(30), "ops", "failover test")]);
        Assert.Equal(IncidentChangeKind.InMaintenance, Assert.Single(c.Observe(Alert("db", 60), T0.AddSeconds(60))).Kind);
        Assert.Equal(IncidentChangeKind.Opened, c.Observe(Alert("payments", 60), T0.AddSeconds(60))[0].Kind);
        Assert.Single(c.Incidents);
    }

    [Fact]
    public void Tick_AllSignalsEndedAndQuiet_AutoResolves()
    {
        var c = Make();
        Feed(c, Alert("db", 0), Alert("payments", 10));
        Feed(c, Alert("db", 0, endSeconds: 100), Alert("payments", 10, endSeconds: 120));
        Assert.Empty(c.Tick(T0.AddSeconds(120 + 299)));
        var change = Assert.Single(c.Tick(T0.AddSeconds(120 + 300)));
        Assert.Equal(IncidentChangeKind.Resolved, change.Kind);
        Assert.True(change.Notify);
        Assert.Equal(IncidentStatus.Resolved, change.Incident!.Status);
        Assert.Equal(T0.AddSeconds(420), change.Incident.Resolved);
    }

    [Fact]
    public void Tick_OneSignalStillOpen_StaysOpen()
    {
        var c = Make();
        Feed(c, Alert("db", 0), Alert("payments", 10), Alert("db", 0, endSeconds: 100));
        Assert.Empty(c.Tick(T0.AddHours(5)));
    }

    [Fact]
    public void Observe_RecurrenceWithinReopenWindow_Reopens()
    {
        var c = Make();
        Feed(c, Alert("db", 0), Alert("db", 0, endSeconds: 60));
        var resolved = Assert.Single(c.Tick(T0.AddSeconds(400)));
        var changes = c.Observe(Alert("db", 1000), T0.AddSeconds(1000));
        Assert.Equal(IncidentChangeKind.Reopened, changes[0].Kind);
        Assert.Equal(resolved.Incident!.Id, changes[0].Incident!.Id);
        Assert.Equal(IncidentStatus.Open, changes[0].Incident!.Status);
        Assert.Null(changes[0].Incident!.Resolved);
        Assert.Contains(changes[0].Incident!.Timeline, t => t.Kind == TimelineKind.Reopened);
    }

    [Fact]
    public void Observe_OtherSignalOnTheRootCauseWithinReopenWindow_ReopensInsteadOfANewIncident()
    {
        var c = Make();
        // A leak's first symptom ends and its incident resolves; its later symptom on the same service is another signal.
        Feed(c, Alert("db", 0), Alert("db", 0, endSeconds: 60));
        var resolved = Assert.Single(c.Tick(T0.AddSeconds(400))).Incident!;

        var changes = c.Observe(Alert("db", 900, name: "HighMemory"), T0.AddSeconds(900));

        Assert.Equal(IncidentChangeKind.Reopened, changes[0].Kind);
        Assert.Equal(resolved.Id, changes[0].Incident!.Id);
        Assert.Equal(2, changes[0].Incident!.Members.Length);
        Assert.Contains(changes[0].Incident!.Timeline, t => t.Kind == TimelineKind.Reopened && t.Text.StartsWith("db, its root cause, is in trouble again: HighMemory on db", StringComparison.Ordinal));
        Assert.Single(c.Incidents);
        // A mild symptom (60, below the lone-signal severity of 75) reopens it quietly; no page.
        Assert.False(changes[0].Notify);
    }

    [Fact]
    public void Observe_CriticalSignalOnTheRootCauseWithinReopenWindow_ReopensAndNotifies()
    {
        var c = Make();
        Feed(c, Alert("db", 0), Alert("db", 0, endSeconds: 60));
        Assert.Single(c.Tick(T0.AddSeconds(400)));

        var change = c.Observe(Alert("db", 900, name: "OutOfMemory", severity: 90), T0.AddSeconds(900))[0];

        Assert.Equal(IncidentChangeKind.Reopened, change.Kind);
        Assert.True(change.Notify);
    }

    [Fact]
    public void Observe_OtherSignalOnAnEntityThatWasNotTheRootCause_OpensANewIncident()
    {
        var c = Make();
        Feed(c, Alert("db", 0), Alert("payments", 10), Alert("db", 0, endSeconds: 60), Alert("payments", 10, endSeconds: 60));
        var resolved = Assert.Single(c.Tick(T0.AddSeconds(400))).Incident!;
        Assert.Equal("db", resolved.RootCauses[0].Entity);

        var change = c.Observe(Alert("payments", 900, name: "HighMemory"), T0.AddSeconds(900))[0];

        Assert.Equal(IncidentChangeKind.Opened, change.Kind);
        Assert.NotEqual(resolved.Id, change.Incident!.Id);
    }

    [Fact]
    public void Observe_RecurrenceAfterReopenWindow_OpensNewWithSimilarLink()
    {
        var c = Make(new IncidentCorrelatorOptions { ReopenWindow = TimeSpan.FromMinutes(10) });
        Feed(c, Alert("db", 0), Alert("db", 0, endSeconds: 60));
        var first = Assert.Single(c.Tick(T0.AddSeconds(400))).Incident!;
        c.Tick(T0.AddHours(2));
        var change = c.Observe(Alert("db", 7300), T0.AddSeconds(7300))[0];
        Assert.Equal(IncidentChangeKind.Opened, change.Kind);
        Assert.NotEqual(first.Id, change.Incident!.Id);
        var similar = Assert.Single(change.Incident.Similar);
        Assert.Equal(first.Id, similar.Id);
        Assert.Equal(1.0, similar.Similarity);
    }

    [Fact]
    public void Lifecycle_AcknowledgeAssignCommentResolve_TimelineInOrder()
    {
        var c = Make();
        var id = Feed(c, Alert("db", 0))[0].Incident!.Id;
        var at = T0.AddMinutes(1);
        Assert.Equal(IncidentActionOutcome.Done, c.Acknowledge(id, "ana", at).Outcome);
        Assert.Equal(IncidentActionOutcome.Conflict, c.Acknowledge(id, "ana", at).Outcome);
        Assert.Equal(IncidentActionOutcome.Done, c.Assign(id, "ana", "bob", at).Outcome);
        Assert.Equal(IncidentActionOutcome.Done, c.Comment(id, "bob", "failing over", at).Outcome);
        var resolved = c.Resolve(id, "bob", at.AddMinutes(5));
        Assert.Equal(IncidentActionOutcome.Done, resolved.Outcome);
        Assert.Equal(IncidentActionOutcome.Conflict, c.Resolve(id, "bob", at.AddMinutes(6)).Outcome);
        Assert.Equal(IncidentActionOutcome.Conflict, c.Acknowledge(id, "bob", at.AddMinutes(6)).Outcome);
        Assert.Equal(IncidentActionOutcome.NotFound, c.Acknowledge(new IncidentId(99), "bob", at).Outcome);

        var incident = resolved.Change!.Incident!;
        Assert.Equal("bob", incident.Assignee);
        Assert.Equal(
            [TimelineKind.Opened, TimelineKind.Acknowledged, TimelineKind.Assigned, TimelineKind.Commented, TimelineKind.Resolved],
            incident.Timeline.Select(t => t.Kind));
        Assert.Equal("ana", incident.Timeline[1].Actor);
    }

    [Fact]
    public void Observe_EndOfMemberOfHandResolvedIncident_UpdatesWithoutReopening()
    {
        var c = Make();
        var id = Feed(c, Alert("db", 0))[0].Incident!.Id;
        c.Resolve(id, "ana", T0.AddMinutes(1));
        var change = Assert.Single(c.Observe(Alert("db", 0, endSeconds: 120), T0.AddMinutes(2)));
        Assert.Equal(IncidentChangeKind.SignalEnded, change.Kind);
        Assert.Equal(IncidentStatus.Resolved, change.Incident!.Status);
    }

    [Fact]
    public void Observe_FlappingSignal_HeldAndIncidentStaysOpenUntilItSettles()
    {
        var c = Make(new IncidentCorrelatorOptions { FlapThreshold = 3, FlapWindow = TimeSpan.FromMinutes(10), QuietPeriod = TimeSpan.FromMinutes(1) });
        var changes = new List<IncidentChange>();
        for (var i = 0; i < 3; i++)
        {
            changes.AddRange(c.Observe(Alert("db", i * 60), T0.AddSeconds(i * 60)));
            changes.AddRange(c.Observe(Alert("db", i * 60, endSeconds: (i * 60) + 30), T0.AddSeconds((i * 60) + 30)));
        }
        var flap = Assert.Single(changes, x => x.Kind == IncidentChangeKind.SignalFlapping);
        Assert.False(flap.Notify);
        var incident = Assert.Single(c.Incidents);
        Assert.Equal(3, incident.SignalCount);
        // Later openings of the flapping signal notify nobody.
        Assert.All(changes.Skip(1).Where(x => x.Kind == IncidentChangeKind.SignalJoined), x => Assert.False(x.Notify));

        // All ended at 150 s; quiet period passed, but the fingerprint flapped within the window: held open.
        Assert.Empty(c.Tick(T0.AddSeconds(150 + 120)));
        // Settled: no transition for the whole flap window.
        Assert.Equal(IncidentChangeKind.Resolved, Assert.Single(c.Tick(T0.AddSeconds(150 + 600))).Kind);
    }

    [Fact]
    public void Observe_SameUpsertTwice_NoChange()
    {
        var c = Make();
        Feed(c, Alert("db", 0));
        Assert.Empty(c.Observe(Alert("db", 0), T0.AddSeconds(1)));
    }

    [Fact]
    public void Observe_SeverityRisesBand_JoinNotifies()
    {
        var c = Make();
        Feed(c, Alert("db", 0, severity: 30));
        var change = c.Observe(Alert("db", 10, name: "Down", severity: 95), T0.AddSeconds(10))[0];
        Assert.Equal(IncidentChangeKind.SignalJoined, change.Kind);
        Assert.True(change.Notify);
        Assert.Equal(95, change.Incident!.Severity);
    }

    internal static Signal Anomaly(string metric, string service, string host, double seconds, int severity = 60)
    {
        var key = SeriesKey.Create(Labels.From(Label.MetricName, metric, "service", service, "host", host));
        return new Signal
        {
            Kind = SignalKind.MetricAnomaly,
            Entity = key.ToString(),
            Start = T0.AddSeconds(seconds),
            Severity = severity,
            Score = severity / 100.0,
            Summary = $"{metric} unusual",
            Labels = key.Labels,
            Fingerprint = Signal.ComputeFingerprint(SignalKind.MetricAnomaly, key.ToString(), key.Labels),
        };
    }

    [Fact]
    public void Observe_SeriesSignalsOfADeclaredKindedEdge_OneIncidentRootedAtTheDependency()
    {
        // Declared as the topology store names it; the signals name their services only through labels, on different
        // hosts, with nothing else in common.
        var declared = TopologyGraph.Create(
            [new Entity("service/web", EntityKind.Service), new Entity("service/db", EntityKind.Database)],
            [new TopologyEdge("service/web", "service/db")]);
        var c = Make(graph: declared);
        Feed(c, Anomaly("db_query_seconds", "db", "db-1", 0, severity: 90), Anomaly("http_latency_seconds", "web", "web-1", 10));

        var incident = Assert.Single(c.Incidents);
        Assert.Equal(2, incident.SignalCount);
        Assert.Equal("service/db", incident.RootCauses[0].Entity);
        // What the labels taught is named the same way, so it adds to the declared nodes instead of shadowing them.
        Assert.Contains(new TopologyEdge("service/web", "host/web-1", EdgeKind.RunsOn), c.Graph.Edges);
        Assert.DoesNotContain(c.Graph.Entities, e => e.Id is "web" or "db");
    }

    [Fact]
    public void Observe_DependsOnLabels_TeachTheTopology()
    {
        var c = new IncidentCorrelator(Immediate());
        c.Observe(Alert("web", 0, extra: ["depends_on", "api"]), T0);
        c.Observe(Alert("api", 5, extra: ["depends_on", "store"]), T0.AddSeconds(5));
        c.Observe(Alert("store", 8, severity: 90), T0.AddSeconds(8));
        var incident = Assert.Single(c.Incidents);
        // Learned entities are named as the topology store names them.
        Assert.Equal("service/store", incident.RootCauses[0].Entity);
        Assert.Contains(new TopologyEdge("service/web", "service/api"), c.Graph.Edges);
    }

    [Fact]
    public void Observe_ThousandsOfNewLabelSets_GraphGrownByAdditionsEqualsTheOneRebuiltWhole()
    {
        // Declared with a bare name (as an adjacency matrix names it): learned service/db lands on it.
        var declared = TopologyGraph.Create([new Entity("db", EntityKind.Database)], [new TopologyEdge("checkout", "db")]);
        var c = Make(graph: declared);
        var random = new Random(11);
        for (var i = 0; i < 2_500; i++)
        {
            var service = $"svc-{random.Next(300)}";
            var dependency = random.Next(4) == 0 ? "db" : $"svc-{random.Next(300)}";
            // 400 s apart: no two are active together, so each opens its own small incident and the test is about the graph.
            c.Observe(Alert(service, i * 400, extra: ["instance", $"10.0.{i % 250}.{i / 250}:9100", "depends_on", dependency]), T0.AddSeconds(i * 400));
        }
        var grown = c.Graph;

        // A provided graph that is another object forces the whole rebuild from everything learned.
        c.SetContext(TopologyGraph.Create(declared.Entities, declared.Edges), []);

        Assert.NotSame(grown, c.Graph);
        Assert.Equal(c.Graph.Entities, grown.Entities);
        Assert.Equal(c.Graph.Edges, grown.Edges);
        Assert.Contains(new TopologyEdge("service/svc-1", "db"), grown.Edges);
        Assert.DoesNotContain(grown.Entities, e => e.Id == "service/db");
        Assert.Equal(2_500 + 300 + 2, grown.Entities.Length); // hosts, services, checkout and db
    }

    [Fact]
    public void Observe_SignalBridgingTwoIncidents_MergesTheNewerIntoTheOlder()
    {
        // Edges are learned from labels in arrival order: web → checkout first, db alone, then payments → db,
        // then checkout → payments joins the two ends.
        var c = new IncidentCorrelator(Immediate());
        var web = c.Observe(Alert("web", 0, extra: ["depends_on", "checkout"]), T0)[0].Incident!;
        var db = c.Observe(Alert("db", 1, severity: 90), T0.AddSeconds(1))[0].Incident!;
        Assert.NotEqual(web.Id, db.Id);
        c.Observe(Alert("payments", 2, extra: ["depends_on", "db"]), T0.AddSeconds(2));
        var changes = c.Observe(Alert("checkout", 3, extra: ["depends_on", "payments"]), T0.AddSeconds(3));

        var merged = Assert.Single(changes, x => x.Kind == IncidentChangeKind.Merged);
        Assert.Equal(db.Id, merged.Incident!.Id);
        Assert.Equal(web.Id, merged.Incident.MergedInto);
        Assert.Empty(merged.Incident.Members);
        Assert.False(merged.Notify);
        var survivor = c.Find(web.Id)!;
        Assert.Equal(4, survivor.SignalCount);
        Assert.Equal("service/db", survivor.RootCauses[0].Entity);
        Assert.Contains(survivor.Timeline, t => t.Kind == TimelineKind.Merged);
        // Later signals of the merged members find the survivor.
        Assert.Equal(web.Id, c.Observe(Alert("db", 1, severity: 90, endSeconds: 60), T0.AddSeconds(60))[0].Incident!.Id);
    }

    [Fact]
    public void Restore_AfterRestart_ContinuesTheSameIncidentAndIds()
    {
        var c = Make();
        var signals = new[] { Alert("db", 0), Alert("payments", 10) };
        var incident = Feed(c, signals)[^1].Incident!;

        var restarted = new IncidentCorrelator(Immediate());
        restarted.SetContext(Graph, []);
        restarted.Restore(incident, signals);
        var change = restarted.Observe(Alert("checkout", 20), T0.AddSeconds(20));
        Assert.Equal(incident.Id, change[0].Incident!.Id);
        Assert.Equal(new IncidentId(incident.Id.Value + 1), restarted.Observe(Alert("index", 30), T0.AddSeconds(30))[0].Incident!.Id);
    }

    [Fact]
    public void Observe_SameInputTwice_SameIncidents()
    {
        static string Run()
        {
            var c = Make();
            var rng = new Random(7);
            var services = new[] { "frontend", "checkout", "payments", "db", "search", "index" };
            for (var i = 0; i < 200; i++)
            {
                var s = Alert(services[rng.Next(services.Length)], i * 17, name: "A" + rng.Next(5), severity: rng.Next(10, 100));
                c.Observe(s, s.Start);
            }
            return string.Join('\n', c.Incidents.Select(i => $"{i.Id} {i.Title} {i.SignalCount} {string.Join(',', i.Reasons)}"));
        }
        Assert.Equal(Run(), Run());
    }
}
