using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Vigil.Core.Incidents;
using Vigil.Core.Signals;
using Vigil.Core.Storage;
using Vigil.Correlation.Incidents;
using Vigil.Correlation.Topology;

namespace Vigil.Engine.Incidents;

/// <summary>
/// Runs the pure <see cref="IncidentCorrelator"/> for one tenant. On activation it takes back the incidents that can
/// still change (open, acknowledged, resolved within the reopen window) with their member signals, the recent
/// resolved ones for similarity, silences and maintenance windows, then catches up on open signals that are in no
/// incident (signals stored while it was away). Every change is stored before it is published.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class CorrelatorGrain(
    IIncidentStore incidents,
    ISignalStore signals,
    ITopologySource topology,
    IChangeProvider changeSource,
    IncidentFeed feed,
    IncidentOptions options,
    TimeProvider time,
    ILogger<CorrelatorGrain> logger) : Grain, ICorrelatorGrain
{
    private const int CatchUpLimit = 10_000;
    private IncidentCorrelator _correlator = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var correlatorOptions = options.Correlator;
        _correlator = new IncidentCorrelator(correlatorOptions, await incidents.LastIdAsync(cancellationToken));
        await RefreshContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var held = await incidents.QueryAsync(new IncidentQuery { ResolvedSince = now - correlatorOptions.ReopenWindow, IncludeMerged = true, Limit = int.MaxValue }, cancellationToken);
        var heldIds = held.Select(static i => i.Id).ToHashSet();
        foreach (var past in (await incidents.QueryAsync(new IncidentQuery { Status = IncidentStatus.Resolved, Limit = correlatorOptions.HistorySize }, cancellationToken)).Reverse())
        {
            if (!heldIds.Contains(past.Id))
            {
                _correlator.RememberResolved(past);
            }
        }
        foreach (var incident in held.OrderBy(static i => i.Id.Value))
        {
            var members = new List<Signal>(incident.Members.Length);
            foreach (var member in incident.Members)
            {
                if (await signals.FindAsync(member.Fingerprint, member.Start, cancellationToken) is { } signal)
                {
                    members.Add(signal);
                }
            }
            _correlator.Restore(incident, members);
        }
        await ReloadSuppressionsAsync();
        var open = await signals.QueryAsync(new SignalQuery { Open = true, Limit = CatchUpLimit }, cancellationToken);
        var caughtUp = await ApplyAsync([.. open.OrderBy(static s => s.Start).ThenBy(static s => s.Fingerprint, StringComparer.Ordinal)], cancellationToken);
        LogActivated(logger, held.Count, caughtUp);
    }

    public async Task ObserveAsync(ImmutableArray<Signal> batch)
    {
        await RefreshContextAsync(CancellationToken.None);
        await ApplyAsync(batch, CancellationToken.None);
    }

    public async Task<IncidentActionReply> ActAsync(IncidentActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var id = new IncidentId(request.Id);
        var result = request.Kind switch
        {
            IncidentActionKind.Acknowledge => _correlator.Acknowledge(id, request.Actor, now),
            IncidentActionKind.Assign => _correlator.Assign(id, request.Actor, request.Assignee ?? throw new ArgumentException("assign needs an assignee", nameof(request)), now),
            IncidentActionKind.Comment => _correlator.Comment(id, request.Actor, request.Text ?? throw new ArgumentException("comment needs a text", nameof(request)), now),
            IncidentActionKind.RecordNotification => _correlator.RecordNotification(id, request.Text ?? throw new ArgumentException("a notification record needs the channel", nameof(request)), now),
            IncidentActionKind.Resolve => _correlator.Resolve(id, request.Actor, now),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown incident action"),
        };
        if (result.Outcome == IncidentActionOutcome.NotFound && await incidents.FindAsync(id) is { } stored)
        {
            // Resolved long ago: no longer held, so it can only be read.
            return new IncidentActionReply(IncidentActionStatus.Conflict, $"incident {id} was resolved at {stored.Resolved:O} and can no longer change");
        }
        if (result.Change is { } change)
        {
            await StoreAndPublishAsync([change], CancellationToken.None);
        }
        return new IncidentActionReply(
            result.Outcome switch
            {
                IncidentActionOutcome.Done => IncidentActionStatus.Done,
                IncidentActionOutcome.NotFound => IncidentActionStatus.NotFound,
                _ => IncidentActionStatus.Conflict,
            },
            result.Error);
    }

    public async Task ReloadSuppressionsAsync()
    {
        _correlator.SetSilences(await incidents.SilencesAsync());
        _correlator.SetMaintenance(await incidents.MaintenanceAsync());
    }

    public async Task TickAsync()
    {
        var changes = _correlator.Tick(time.GetUtcNow());
        if (!changes.IsEmpty)
        {
            await StoreAndPublishAsync(changes, CancellationToken.None);
        }
    }

    private async Task<int> ApplyAsync(IReadOnlyList<Signal> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changes = new List<IncidentChange>();
        foreach (var signal in batch)
        {
            changes.AddRange(_correlator.Observe(signal, now));
        }
        if (changes.Count > 0)
        {
            await StoreAndPublishAsync(changes, cancellationToken);
        }
        return changes.Count;
    }

    private async Task StoreAndPublishAsync(IReadOnlyList<IncidentChange> changes, CancellationToken cancellationToken)
    {
        // The last snapshot of each incident is what the store must hold.
        var latest = new Dictionary<IncidentId, Incident>();
        foreach (var change in changes)
        {
            if (change.Incident is { } incident)
            {
                latest[incident.Id] = incident;
            }
        }
        await incidents.SaveAsync([.. latest.Values], cancellationToken);
        feed.Publish(changes);
    }

    private async Task RefreshContextAsync(CancellationToken cancellationToken)
    {
        var graph = await topology.GetGraphAsync(cancellationToken);
        var recent = await changeSource.GetChangesAsync(time.GetUtcNow() - options.ChangeLookback, cancellationToken);
        _correlator.SetContext(graph, recent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Correlator active: {Held} incidents taken back, {Changes} changes from catching up on open signals")]
    private static partial void LogActivated(ILogger logger, int held, int changes);
}
