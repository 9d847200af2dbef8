using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Correlation.Incidents;
using Vigil.Engine.Incidents;
using Vigil.Storage.Sqlite;

namespace Vigil.Engine.Tests.Incidents;

public sealed class CorrelatorGrainTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-engine-").FullName;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static Signal Alert(string service, int seconds, string? dependsOn = null, int? endSeconds = null)
    {
        var labels = dependsOn is null ? Labels.From("alertname", "Down", "service", service) : Labels.From("alertname", "Down", "depends_on", dependsOn, "service", service);
        return new Signal
        {
            Kind = SignalKind.ExternalAlert,
            Entity = "service/" + service,
            Start = EngineHost.Epoch.AddSeconds(seconds),
            End = endSeconds is { } e ? EngineHost.Epoch.AddSeconds(e) : null,
            Severity = 80,
            Score = 0.8,
            Summary = $"{service} down",
            Labels = labels,
            Fingerprint = Signal.ComputeFingerprint(SignalKind.ExternalAlert, "service/" + service, labels),
        };
    }

    private static async Task<IncidentChange> NextAsync(IncidentSubscription subscription, IncidentChangeKind kind)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = await subscription.Reader.ReadAsync(timeout.Token);
            if (change.Kind == kind)
            {
                return change;
            }
        }
    }

    [Fact]
    public async Task UpsertThroughTheSignalStore_ReachesTheCorrelator_StoredAndPublished()
    {
        await using var engine = await EngineHost.StartAsync(_dir);
        using var subscription = engine.Services.GetRequiredService<IncidentFeed>().Subscribe();
        var ct = TestContext.Current.CancellationToken;

        await engine.Signals.UpsertAsync([Alert("db", 0)], ct);
        await engine.Signals.UpsertAsync([Alert("api", 10, dependsOn: "db")], ct);

        var opened = await NextAsync(subscription, IncidentChangeKind.Opened);
        var inhibited = await NextAsync(subscription, IncidentChangeKind.SignalInhibited);
        Assert.Equal(opened.Incident!.Id, inhibited.Incident!.Id);
        var stored = await engine.Services.GetRequiredService<IIncidentStore>().FindAsync(opened.Incident.Id, ct);
        Assert.Equal(2, stored!.SignalCount);
        Assert.Equal("service/db", stored.RootCauses[0].Entity); // learned from labels, named as the topology store names it
    }

    [Fact]
    public async Task Restart_TakesBackOpenIncidents_AndCatchesUpOnSignalsItMissed()
    {
        var ct = TestContext.Current.CancellationToken;
        IncidentId id;
        await using (var engine = await EngineHost.StartAsync(_dir))
        {
            await engine.Signals.UpsertAsync([Alert("db", 0)], ct);
            await engine.Signals.UpsertAsync([Alert("api", 10, dependsOn: "db")], ct);
            id = (await engine.Services.GetRequiredService<IIncidentStore>().QueryAsync(new IncidentQuery(), ct)).Single().Id;
            // Stored behind the correlator's back (as if it had been down): only the store has it.
            await engine.Services.GetRequiredService<SqliteStore>().Signals.UpsertAsync([Alert("db", 20) with { Summary = "db disk full", Fingerprint = "f00d" }], ct);
        }

        await using (var engine = await EngineHost.StartAsync(_dir))
        {
            await engine.Signals.UpsertAsync([Alert("web", 30, dependsOn: "api")], ct);
            var incidents = await engine.Services.GetRequiredService<IIncidentStore>().QueryAsync(new IncidentQuery(), ct);
            var incident = Assert.Single(incidents);
            Assert.Equal(id, incident.Id);
            Assert.Equal(4, incident.SignalCount);
            Assert.Contains(incident.Members, m => m.Fingerprint == "f00d");
        }
    }

    [Fact]
    public async Task Ticker_LoneCriticalSignal_OpensAfterThePause_ResolvesAfterQuietPeriod()
    {
        await using var engine = await EngineHost.StartAsync(_dir);
        using var subscription = engine.Services.GetRequiredService<IncidentFeed>().Subscribe();
        var ct = TestContext.Current.CancellationToken;
        var store = engine.Services.GetRequiredService<IIncidentStore>();
        await engine.Signals.UpsertAsync([Alert("db", 0)], ct);
        Assert.Empty(await store.QueryAsync(new IncidentQuery(), ct));

        // Default transient pause 2 min: still open and critical then, it opens an incident on the next tick.
        engine.Time.SetUtcNow(EngineHost.Epoch.AddSeconds(120));
        engine.Time.Advance(TimeSpan.FromSeconds(10));
        var opened = await NextAsync(subscription, IncidentChangeKind.Opened);
        Assert.True(opened.Notify);
        await engine.Signals.UpsertAsync([Alert("db", 0, endSeconds: 140)], ct);
        await NextAsync(subscription, IncidentChangeKind.SignalEnded);

        // Default quiet period 5 min after the end; the ticker runs every 10 s of (fake) time.
        engine.Time.SetUtcNow(EngineHost.Epoch.AddSeconds(140 + 300));
        engine.Time.Advance(TimeSpan.FromSeconds(10));
        var resolved = await NextAsync(subscription, IncidentChangeKind.Resolved);
        Assert.Equal(IncidentStatus.Resolved, resolved.Incident!.Status);
        Assert.Equal(IncidentStatus.Resolved, (await engine.Services.GetRequiredService<IIncidentStore>().FindAsync(resolved.Incident.Id, ct))!.Status);
    }

    [Fact]
    public void Feed_SlowSubscriber_DropsOldestAndCounts()
    {
        var feed = new IncidentFeed();
        using var subscription = feed.Subscribe(capacity: 2);
        var changes = Enumerable.Range(0, 5).Select(i => new IncidentChange(IncidentChangeKind.Silenced, null, Alert("s" + i, i), false)).ToList();
        feed.Publish(changes);
        Assert.Equal(3, subscription.Dropped);
        Assert.True(subscription.Reader.TryRead(out var first));
        Assert.Equal("service/s3", first.Signal!.Entity);
        subscription.Dispose();
        Assert.Equal(0, feed.SubscriberCount);
    }
}
