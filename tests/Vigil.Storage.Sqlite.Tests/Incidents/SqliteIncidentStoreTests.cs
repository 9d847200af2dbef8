using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests.Incidents;

public sealed class SqliteIncidentStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static Incident Make(long id, IncidentStatus status = IncidentStatus.Open, int severity = 60, string entity = "db", int openedMinutes = 0) => new()
    {
        Id = new IncidentId(id),
        Status = status,
        Title = $"{entity}: disk full — affects payments",
        Severity = severity,
        Entities = [entity, "payments"],
        Members =
        [
            new IncidentMember("aa01", T0.AddMinutes(openedMinutes), null, entity, SignalKind.ExternalAlert, severity, MemberRole.Active, ""),
            new IncidentMember("bb02", T0.AddMinutes(openedMinutes).AddSeconds(40), T0.AddMinutes(openedMinutes + 5), "payments", SignalKind.MetricAnomaly, 30, MemberRole.Inhibited, "40 s apart, db → payments"),
        ],
        Opened = T0.AddMinutes(openedMinutes),
        Updated = T0.AddMinutes(openedMinutes + 5),
        Resolved = status == IncidentStatus.Resolved ? T0.AddMinutes(openedMinutes + 10) : null,
        Assignee = "bob",
        GroupKey = "by-cluster{cluster=\"a\"}",
        RootCauses = [new IncidentCause(1, entity, 2.5, "disk full", [new CauseEvidence(CauseEvidenceKind.Upstream, "1 troubled member(s) depend on it: payments")])],
        Similar = [new SimilarIncident(new IncidentId(1), "db: disk full", 0.8)],
        Reasons = ["payments: 40 s apart, db → payments"],
        Timeline = [new TimelineEntry(T0, TimelineKind.Opened, null, "opened"), new TimelineEntry(T0.AddMinutes(1), TimelineKind.Acknowledged, "ana", "acknowledged by ana")],
    };

    private static void AssertSame(Incident expected, Incident? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Severity, actual.Severity);
        Assert.Equal(expected.Entities, actual.Entities);
        Assert.Equal(expected.Members, actual.Members);
        Assert.Equal(expected.Opened, actual.Opened);
        Assert.Equal(expected.Updated, actual.Updated);
        Assert.Equal(expected.Resolved, actual.Resolved);
        Assert.Equal(expected.Assignee, actual.Assignee);
        Assert.Equal(expected.GroupKey, actual.GroupKey);
        Assert.Equal(expected.Reasons, actual.Reasons);
        Assert.Equal(expected.Timeline, actual.Timeline);
        Assert.Equal(expected.Similar, actual.Similar);
        var cause = Assert.Single(actual.RootCauses);
        Assert.Equal(expected.RootCauses[0] with { Evidence = [] }, cause with { Evidence = [] });
        Assert.Equal(expected.RootCauses[0].Evidence, cause.Evidence);
    }

    [Fact]
    public async Task SaveAsync_ThenReopen_ReadsBackTheSameIncident()
    {
        await using var store = TempStore.Create();
        var incident = Make(7);
        await store.Store.Incidents.SaveAsync([incident]);
        await store.ReopenAsync();

        AssertSame(incident, await store.Store.Incidents.FindAsync(new IncidentId(7)));
        Assert.Null(await store.Store.Incidents.FindAsync(new IncidentId(8)));
        Assert.Equal(new IncidentId(7), await store.Store.Incidents.LastIdAsync());
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesMembersAndTimeline()
    {
        await using var store = TempStore.Create();
        var incident = Make(1);
        await store.Store.Incidents.SaveAsync([incident]);
        var changed = incident with { Status = IncidentStatus.Resolved, Members = [incident.Members[0]], Timeline = [incident.Timeline[0]] };
        await store.Store.Incidents.SaveAsync([changed]);

        var read = await store.Store.Incidents.FindAsync(new IncidentId(1));
        Assert.Equal(IncidentStatus.Resolved, read!.Status);
        Assert.Single(read.Members);
        Assert.Single(read.Timeline);
    }

    [Fact]
    public async Task SaveAsync_GrowingOpenIncident_EverySaveReadsBackAsSavedAlsoAfterReopen()
    {
        // Saves after the first write only the rows that differ from the last save: a member joins, roles flip, an
        // entry ends, the timeline grows, members are dropped (a shorter list), and one save lists the incident twice.
        await using var store = TempStore.Create();
        var incident = Make(3);
        await store.Store.Incidents.SaveAsync([incident]);
        var random = new Random(5);
        for (var step = 0; step < 40; step++)
        {
            var members = incident.Members.ToList();
            members.Add(new IncidentMember($"m{step}", T0.AddSeconds(step), null, $"svc-{step % 7}", SignalKind.MetricAnomaly, 50, MemberRole.Active, $"joined {step}"));
            var flip = random.Next(members.Count);
            members[flip] = members[flip] with { Role = members[flip].Role == MemberRole.Active ? MemberRole.Inhibited : MemberRole.Active, End = T0.AddMinutes(step) };
            if (step % 9 == 8)
            {
                members.RemoveRange(1, 3);
            }
            var next = incident with
            {
                Members = [.. members],
                Timeline = incident.Timeline.Add(new TimelineEntry(T0.AddSeconds(step), TimelineKind.SignalJoined, null, $"m{step} joined")),
                Severity = 40 + step,
            };
            if (step % 10 == 5)
            {
                // Listed twice in one save: the second, with a member fewer, is what must be stored.
                var last = next with { Members = next.Members.RemoveAt(next.Members.Length - 1) };
                await store.Store.Incidents.SaveAsync([next, last]);
                next = last;
            }
            else
            {
                await store.Store.Incidents.SaveAsync([next]);
            }
            incident = next;
            AssertSame(incident, await store.Store.Incidents.FindAsync(incident.Id));
        }
        await store.ReopenAsync();
        AssertSame(incident, await store.Store.Incidents.FindAsync(incident.Id));
        // A store that has not written the incident yet (after a restart) rewrites it whole.
        var fewer = incident with { Members = [incident.Members[^1]], Timeline = [incident.Timeline[0]] };
        await store.Store.Incidents.SaveAsync([fewer]);
        AssertSame(fewer, await store.Store.Incidents.FindAsync(incident.Id));
    }

    [Fact]
    public async Task SaveAsync_ResolvedThenReopened_RewrittenWhole()
    {
        await using var store = TempStore.Create();
        var incident = Make(4);
        await store.Store.Incidents.SaveAsync([incident]);
        var resolved = incident with { Status = IncidentStatus.Resolved, Resolved = T0.AddMinutes(10) };
        await store.Store.Incidents.SaveAsync([resolved]);
        var reopened = resolved with { Status = IncidentStatus.Open, Resolved = null, Members = [incident.Members[1], incident.Members[0]] };
        await store.Store.Incidents.SaveAsync([reopened]);

        AssertSame(reopened, await store.Store.Incidents.FindAsync(incident.Id));
    }

    [Fact]
    public async Task QueryAsync_Filters_NewestFirst()
    {
        await using var store = TempStore.Create();
        Assert.Null(await store.Store.Incidents.LastIdAsync());
        await store.Store.Incidents.SaveAsync([
            Make(1, IncidentStatus.Resolved, 90, "db", 0),
            Make(2, IncidentStatus.Open, 40, "cache", 10),
            Make(3, IncidentStatus.Acknowledged, 80, "db", 20),
        ]);
        var incidents = store.Store.Incidents;

        Assert.Equal([3, 2, 1], (await incidents.QueryAsync(new IncidentQuery())).Select(i => i.Id.Value));
        Assert.Equal([2], (await incidents.QueryAsync(new IncidentQuery { Status = IncidentStatus.Open })).Select(i => i.Id.Value));
        Assert.Equal([3, 1], (await incidents.QueryAsync(new IncidentQuery { MinSeverity = 80 })).Select(i => i.Id.Value));
        Assert.Equal([3, 1], (await incidents.QueryAsync(new IncidentQuery { Entity = "db" })).Select(i => i.Id.Value));
        Assert.Equal([3, 2], (await incidents.QueryAsync(new IncidentQuery { ResolvedSince = T0.AddHours(1) })).Select(i => i.Id.Value));
        Assert.Equal([3], (await incidents.QueryAsync(new IncidentQuery { Limit = 1 })).Select(i => i.Id.Value));
    }

    [Fact]
    public async Task QueryAsync_MergedIncident_OnlyWhenAskedFor()
    {
        await using var store = TempStore.Create();
        await store.Store.Incidents.SaveAsync([Make(1), Make(2, IncidentStatus.Resolved) with { MergedInto = new IncidentId(1) }]);
        Assert.Equal([1], (await store.Store.Incidents.QueryAsync(new IncidentQuery())).Select(i => i.Id.Value));
        Assert.Equal([2, 1], (await store.Store.Incidents.QueryAsync(new IncidentQuery { IncludeMerged = true })).Select(i => i.Id.Value));
        Assert.Equal(new IncidentId(1), (await store.Store.Incidents.FindAsync(new IncidentId(2)))!.MergedInto);
    }

    [Fact]
    public async Task Silences_AddListDelete_SurviveReopen()
    {
        await using var store = TempStore.Create();
        var added = await store.Store.Incidents.AddSilenceAsync(new Silence(0,
            [new LabelMatcher("service", LabelMatchType.Regex, "check.*"), new LabelMatcher("env", LabelMatchType.NotEqual, "dev \"x\"")],
            T0, T0.AddHours(2), "ana", "deploy"));
        Assert.True(added.Id > 0);
        await store.ReopenAsync();

        var silence = Assert.Single(await store.Store.Incidents.SilencesAsync());
        Assert.Equal(added.Id, silence.Id);
        Assert.Equal(added.Matchers, silence.Matchers);
        Assert.Equal((T0, T0.AddHours(2), "ana", "deploy"), (silence.Starts, silence.Ends, silence.CreatedBy, silence.Comment));
        Assert.True(await store.Store.Incidents.DeleteSilenceAsync(added.Id));
        Assert.False(await store.Store.Incidents.DeleteSilenceAsync(added.Id));
        Assert.Empty(await store.Store.Incidents.SilencesAsync());
    }

    [Fact]
    public async Task Maintenance_AddListDelete()
    {
        await using var store = TempStore.Create();
        var a = await store.Store.Incidents.AddMaintenanceAsync(new MaintenanceWindow(0, ["db", "host/db-1"], T0, T0.AddHours(1), "ops", "failover"));
        var b = await store.Store.Incidents.AddMaintenanceAsync(new MaintenanceWindow(0, ["cache"], T0, T0.AddHours(1), "ops", "upgrade"));
        Assert.NotEqual(a.Id, b.Id);
        var windows = await store.Store.Incidents.MaintenanceAsync();
        Assert.Equal(2, windows.Count);
        Assert.Equal(["db", "host/db-1"], windows[0].Entities);
        Assert.True(await store.Store.Incidents.DeleteMaintenanceAsync(a.Id));
        Assert.Equal(b.Id, Assert.Single(await store.Store.Incidents.MaintenanceAsync()).Id);
    }
}
