using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Incidents;
using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Core.Topology;
using Vigil.Correlation.Grouping;
using Vigil.Correlation.RootCause;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Incidents;

/// <summary>
/// The online correlator: takes signal upserts one by one with the current time and says what changed. Pure and
/// deterministic (no clock, no I/O; the caller persists and publishes the changes). In order, a new signal is:
/// <list type="number">
/// <item>recorded without incident when an active silence matches its labels or its entity is under maintenance;</item>
/// <item>attached to the open incident that already holds its fingerprint (a repeat), or reopens the incident that
/// held it when resolved within the reopen window;</item>
/// <item>grouped by the first matching rule (group-by labels within the rule's window);</item>
/// <item>otherwise grouped with the open incident it relates to best (same entity, topology, labels: the relation
/// logic of <see cref="SignalRelator"/>), or attached as inhibited to an incident on one of its dependencies, or
/// opens a new incident.</item>
/// </list>
/// Members whose entity depends on another open member's entity are inhibited. Flapping fingerprints are held.
/// <see cref="Tick"/> resolves incidents whose signals all ended a quiet period ago.
/// Not thread-safe: one owner (the correlator grain) calls it.
/// </summary>
public sealed class IncidentCorrelator
{
    private const string System = "vigil";
    private readonly IncidentCorrelatorOptions _options;
    private readonly Dictionary<IncidentId, State> _states = [];
    private readonly Dictionary<(string Fingerprint, DateTimeOffset Start), State> _memberOf = [];
    private readonly Dictionary<string, State> _byFingerprint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<State>> _byEntity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, State> _byGroupKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> _transitions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flapping = new(StringComparer.Ordinal);
    private readonly List<(IncidentId Id, string Title, IncidentFeatures Features)> _history = [];
    private readonly LabelTopologyInference _learned = new();
    private readonly LabelTopologyInference.Additions _learning = new();
    private ImmutableArray<Silence> _silences = [];
    private ImmutableArray<MaintenanceWindow> _maintenance = [];
    private TopologyGraph? _providedGraph;
    private SignalRelator _relator;
    private IReadOnlyList<ChangeEvent> _changes = [];
    /// <summary>Pending incidents are numbered above this, out of the way of real ones, and renumbered when confirmed.</summary>
    private const long PendingIdBase = long.MaxValue / 2;
    private long _pendingId = PendingIdBase;
    private IncidentId _lastId;
    private bool _hasId;

    /// <summary>A correlator with validated options; <paramref name="lastId"/> is the highest id already handed out.</summary>
    public IncidentCorrelator(IncidentCorrelatorOptions? options = null, IncidentId? lastId = null)
    {
        _options = (options ?? new IncidentCorrelatorOptions()).Validate();
        _relator = new SignalRelator(TopologyGraph.Empty, _options.Grouping);
        if (lastId is { } id)
        {
            _lastId = id;
            _hasId = true;
        }
    }

    /// <summary>The options in use.</summary>
    public IncidentCorrelatorOptions Options => _options;

    /// <summary>The graph in use: the given one plus what labels taught.</summary>
    public TopologyGraph Graph => _relator.Graph;

    /// <summary>The incidents held: open, acknowledged, and resolved ones kept for reopening.</summary>
    public IEnumerable<Incident> Incidents => _states.Values.Where(static s => !s.Pending).OrderBy(static s => s.Id.Value).Select(static s => s.Snapshot());

    /// <summary>How many member signals are open across held incidents.</summary>
    public int OpenSignalCount => _memberOf.Values.Count;

    /// <summary>The incident with this id, when held.</summary>
    public Incident? Find(IncidentId id) => _states.TryGetValue(id, out var s) && !s.Pending ? s.Snapshot() : null;

    /// <summary>Replaces the silences.</summary>
    public void SetSilences(IEnumerable<Silence> silences) => _silences = [.. silences ?? throw new ArgumentNullException(nameof(silences))];

    /// <summary>Replaces the maintenance windows.</summary>
    public void SetMaintenance(IEnumerable<MaintenanceWindow> windows) => _maintenance = [.. windows ?? throw new ArgumentNullException(nameof(windows))];

    /// <summary>Sets the topology (from a store or file) and the recent change events used for ranking.</summary>
    public void SetContext(TopologyGraph graph, IReadOnlyList<ChangeEvent> changes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(changes);
        _changes = changes;
        if (!ReferenceEquals(graph, _providedGraph))
        {
            _providedGraph = graph;
            RebuildGraph();
        }
    }

    /// <summary>Adds a past incident to compare new ones with (a resolved one from the store).</summary>
    public void RememberResolved(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        AddHistory(incident.Id, incident.Title, IncidentFeatures.Of(incident));
    }

    /// <summary>
    /// Takes back an incident from the store after a restart, with the member signals still found (missing ones keep
    /// their member record but no longer take part in grouping). Resolved incidents are held for reopening.
    /// </summary>
    public void Restore(Incident incident, IReadOnlyList<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var signal in signals)
        {
            Learn(signal);
        }
        var state = new State(incident, _options);
        foreach (var signal in signals)
        {
            state.Track(signal);
        }
        _states[incident.Id] = state;
        Index(state);
        if (!_hasId || incident.Id.Value > _lastId.Value)
        {
            _lastId = incident.Id;
            _hasId = true;
        }
    }

    /// <summary>Takes one signal upsert (opening, updating or ending a signal) and returns what changed.</summary>
    public ImmutableArray<IncidentChange> Observe(Signal signal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var key = (signal.Fingerprint, signal.Start);
        if (_states.Count > 0 && _memberOf.TryGetValue(key, out var holder))
        {
            return Update(holder, signal, now);
        }
        if (_byFingerprint.TryGetValue(signal.Fingerprint, out var resolvedHolder) && resolvedHolder.Signals.ContainsKey(key))
        {
            // A member of a resolved incident (resolved by hand while it was open) ending or changing: recorded, no reopen.
            return Update(resolvedHolder, signal, now);
        }
        if (_silences.FirstOrDefault(s => s.IsActiveAt(now) && s.Matches(signal.Labels)) is not null)
        {
            return [new IncidentChange(IncidentChangeKind.Silenced, null, signal, false)];
        }
        Learn(signal);
        var entity = _relator.Resolve(signal);
        if (_maintenance.FirstOrDefault(m => m.IsActiveAt(now) && (m.Entities.Contains(entity) || m.Entities.Contains(signal.Entity) || m.Entities.Contains(entity[(entity.IndexOf('/', StringComparison.Ordinal) + 1)..]))) is not null)
        {
            return [new IncidentChange(IncidentChangeKind.InMaintenance, null, signal, false)];
        }
        var flapping = RecordTransition(signal.Fingerprint, signal.Start, now, out var startedFlapping);
        var changes = ImmutableArray.CreateBuilder<IncidentChange>();

        if (_byFingerprint.TryGetValue(signal.Fingerprint, out var previous))
        {
            if (previous.Status == IncidentStatus.Resolved)
            {
                // Only the trouble the incident was about coming back reopens it: a recurring symptom of a dependent
                // is grouped afresh (it may belong to something open now) and finds the old incident as a similar one.
                if (now - previous.Resolved!.Value <= _options.ReopenWindow && IsRootCause(previous, entity))
                {
                    previous.Reopen(now, $"{signal.Summary} ({signal.Entity}) fired again");
                    Index(previous);
                    Join(previous, signal, entity, "same signal again", now, flapping);
                    changes.Add(new IncidentChange(IncidentChangeKind.Reopened, previous.Snapshot(), signal, !flapping));
                    AddFlapping(changes, previous, signal, startedFlapping, now);
                    return changes.ToImmutable();
                }
            }
            else if (previous.ActiveWithin(signal.Start, previous.Pending ? _options.TransientPause : _options.QuietPeriod, signal.Fingerprint))
            {
                // Not when, in the signals' own time, the incident had gone quiet for longer than would have resolved
                // it (or, pending, dropped it as a transient) before this start: a backfill or a shard catching up
                // delivers an hour of history within seconds, before the ticks do that. Nor when this signal itself
                // had been quiet that long while other members kept the incident going: a symptom that returns
                // twenty minutes later, after an unrelated alert held the old incident open, is grouped with what is
                // going on now (it chained two faults into one incident). The signal is then grouped afresh below,
                // with what is going on around it, as it would have been live.
                var confirming = previous.Pending;
                var raised = Join(previous, signal, entity, "same signal again", now, flapping);
                AddJoined(changes, previous, confirming, IncidentChangeKind.SignalJoined, signal, raised, flapping, now);
                AddFlapping(changes, previous, signal, startedFlapping, now);
                return Visible(changes);
            }
        }

        foreach (var rule in _options.Rules)
        {
            if (!rule.Matches(signal))
            {
                continue;
            }
            var groupKey = rule.GroupKeyOf(signal);
            if (_byGroupKey.TryGetValue(groupKey, out var grouped) && grouped.Status != IncidentStatus.Resolved && grouped.ActiveWithin(signal.Start, rule.Window))
            {
                var raised = Join(grouped, signal, entity, $"rule {groupKey}", now, flapping);
                changes.Add(new IncidentChange(IncidentChangeKind.SignalJoined, grouped.Snapshot(), signal, raised && !flapping));
                return changes.ToImmutable();
            }
            var opened = Open(signal, entity, groupKey, now);
            changes.Add(new IncidentChange(IncidentChangeKind.Opened, opened.Snapshot(), signal, !flapping));
            return changes.ToImmutable();
        }

        if (BestRelated(signal, entity) is { } best)
        {
            var confirming = best.State.Pending;
            var raised = Join(best.State, signal, entity, best.Reason.ToString(), now, flapping);
            if (confirming)
            {
                // Confirmed before the merges, so it takes the next incident number and absorbs pending neighbours.
                Confirm(best.State, now);
            }
            foreach (var (other, reason) in best.Others.OrderBy(static o => o.Key.Id.Value))
            {
                var (into, from) = other.Id.Value < best.State.Id.Value ? (other, best.State) : (best.State, other);
                if (from.Status == IncidentStatus.Resolved || into.Status == IncidentStatus.Resolved)
                {
                    continue;
                }
                var wasPending = from.Pending;
                Merge(from, into, reason.ToString(), now);
                if (wasPending)
                {
                    _states.Remove(from.Id); // never shown: nothing to point at the survivor
                }
                else
                {
                    changes.Add(new IncidentChange(IncidentChangeKind.Merged, from.Snapshot(), signal, false));
                }
                best = (best.Reason, into, best.Others);
            }
            var inhibited = best.State.RoleOf(signal) == MemberRole.Inhibited;
            if (confirming)
            {
                changes.Add(new IncidentChange(IncidentChangeKind.Opened, best.State.Snapshot(), signal, !flapping));
            }
            changes.Add(new IncidentChange(inhibited ? IncidentChangeKind.SignalInhibited : IncidentChangeKind.SignalJoined, best.State.Snapshot(), signal, raised && !inhibited && !flapping && !confirming));
            return Visible(changes);
        }
        if (_options.Inhibit && InhibitingIncident(entity, signal.Start) is { } inhibiting)
        {
            var confirming = inhibiting.State.Pending;
            Join(inhibiting.State, signal, entity, $"inhibited: its dependency {inhibiting.Dependency} is in trouble", now, flapping);
            AddJoined(changes, inhibiting.State, confirming, IncidentChangeKind.SignalInhibited, signal, false, flapping, now);
            return Visible(changes);
        }
        if (RecentlyResolvedAbout(entity, now) is { } recurred)
        {
            // The entity an incident was about is in trouble again within the reopen window, through another signal (a
            // leak's later symptoms after its first ones ended): the same trouble, so the same incident, as a recurring
            // fingerprint reopens it. It pages again only when the signal is as severe as a lone signal must be to open
            // an incident after the transient pause: a mild blip reopens it quietly instead of waking someone.
            recurred.Reopen(now, $"{entity}, its root cause, is in trouble again: {signal.Summary} ({signal.Entity})");
            Index(recurred);
            Join(recurred, signal, entity, $"root cause {entity} again", now, flapping);
            changes.Add(new IncidentChange(IncidentChangeKind.Reopened, recurred.Snapshot(), signal, !flapping && signal.Severity >= _options.LoneSignalSeverity));
            AddFlapping(changes, recurred, signal, startedFlapping, now);
            return changes.ToImmutable();
        }
        var state = Open(signal, entity, null, now);
        changes.Add(state.Pending
            ? new IncidentChange(IncidentChangeKind.Paused, null, signal, false)
            : new IncidentChange(IncidentChangeKind.Opened, state.Snapshot(), signal, !flapping));
        return Visible(changes);
    }

    /// <summary>The changes for a signal that joined <paramref name="state"/>: <paramref name="kind"/>, preceded by the
    /// incident's opening when the signal confirmed a pending one (shown then for the first time; the opening notifies).</summary>
    private void AddJoined(ImmutableArray<IncidentChange>.Builder changes, State state, bool confirming, IncidentChangeKind kind, Signal signal, bool raised, bool flapping, DateTimeOffset now)
    {
        if (confirming)
        {
            Confirm(state, now);
            changes.Add(new IncidentChange(IncidentChangeKind.Opened, state.Snapshot(), signal, !flapping));
        }
        changes.Add(new IncidentChange(kind, state.Snapshot(), signal, raised && !confirming && kind != IncidentChangeKind.SignalInhibited && !flapping));
    }

    /// <summary>Drops changes about pending incidents: nobody sees those until they are confirmed.</summary>
    private static ImmutableArray<IncidentChange> Visible(ImmutableArray<IncidentChange>.Builder changes)
    {
        changes.RemoveAll(static c => c.Incident is not null && c.Incident.Id.Value > PendingIdBase);
        return changes.ToImmutable();
    }

    /// <summary>A pending incident becomes a real one: it gets the next incident number.</summary>
    private void Confirm(State state, DateTimeOffset now)
    {
        _states.Remove(state.Id);
        _lastId = _hasId ? _lastId.Next() : new IncidentId(1);
        _hasId = true;
        state.Confirm(_lastId, now);
        _states[state.Id] = state;
        if (state.Members.Count > 0)
        {
            Rescore(state);
        }
    }

    /// <summary>The incident resolved last within the reopen window whose top root cause is <paramref name="entity"/>.</summary>
    private State? RecentlyResolvedAbout(string entity, DateTimeOffset now)
    {
        State? found = null;
        foreach (var state in _states.Values)
        {
            if (state.Status == IncidentStatus.Resolved && state.Resolved is { } resolved && now - resolved <= _options.ReopenWindow
                && !state.RootCauses.IsDefaultOrEmpty && state.RootCauses[0].Entity == entity && (found is null || resolved > found.Resolved))
            {
                found = state;
            }
        }
        return found;
    }

    private static bool IsRootCause(State state, string entity) =>
        state.RootCauses.IsDefaultOrEmpty || state.RootCauses[0].Entity == entity;

    /// <summary>Resolves incidents whose signals all ended at least the quiet period ago and have no flapping
    /// fingerprint; forgets resolved incidents past the reopen window (they stay as history for similarity).</summary>
    public ImmutableArray<IncidentChange> Tick(DateTimeOffset now)
    {
        var changes = ImmutableArray.CreateBuilder<IncidentChange>();
        foreach (var state in _states.Values.OrderBy(static s => s.Id.Value).ToList())
        {
            if (state.Status == IncidentStatus.Resolved)
            {
                if (now - state.Resolved!.Value > _options.ReopenWindow)
                {
                    Forget(state);
                }
                continue;
            }
            if (state.Pending)
            {
                if (now - state.Opened < _options.TransientPause)
                {
                    continue;
                }
                if (state.HasOpenAtLeast(_options.LoneSignalSeverity))
                {
                    Confirm(state, now);
                    changes.Add(new IncidentChange(IncidentChangeKind.Opened, state.Snapshot(), null, !state.Fingerprints().Any(fp => IsFlapping(fp, now))));
                }
                else if (state.LastEnd is not null)
                {
                    Forget(state); // a transient: over within the pause, alone
                }
                continue;
            }
            if (state.LastEnd is not { } lastEnd || now - lastEnd < _options.QuietPeriod)
            {
                continue;
            }
            if (state.Fingerprints().Any(fp => IsFlapping(fp, now)))
            {
                continue;
            }
            state.Resolve(now, null, string.Create(CultureInfo.InvariantCulture, $"all {state.Members.Count} signal(s) ended; quiet for {_options.QuietPeriod.TotalMinutes:0.#} min"));
            Unindex(state, keepFingerprints: true);
            AddHistory(state.Id, state.Title, state.Features());
            changes.Add(new IncidentChange(IncidentChangeKind.Resolved, state.Snapshot(), null, true));
        }
        foreach (var fp in _transitions.Keys.ToList())
        {
            var list = _transitions[fp];
            list.RemoveAll(t => now - t > _options.FlapWindow);
            if (list.Count == 0)
            {
                _transitions.Remove(fp);
                _flapping.Remove(fp);
            }
        }
        return changes.ToImmutable();
    }

    /// <summary>Open → acknowledged.</summary>
    public IncidentActionResult Acknowledge(IncidentId id, string actor, DateTimeOffset now) => Act(id, actor, now, IncidentChangeKind.Acknowledged, state =>
        state.Status switch
        {
            IncidentStatus.Open => state.Acknowledge(now, actor),
            IncidentStatus.Acknowledged => $"incident {id} is already acknowledged",
            _ => $"incident {id} is resolved",
        });

    /// <summary>Assigns someone (not on a resolved incident).</summary>
    public IncidentActionResult Assign(IncidentId id, string actor, string assignee, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        return Act(id, actor, now, IncidentChangeKind.Assigned, state =>
            state.Status == IncidentStatus.Resolved ? $"incident {id} is resolved" : state.Assign(now, actor, assignee));
    }

    /// <summary>Adds a comment (any status).</summary>
    public IncidentActionResult Comment(IncidentId id, string actor, string text, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return Act(id, actor, now, IncidentChangeKind.Commented, state => state.Comment(now, actor, text));
    }

    /// <summary>Resolves by hand.</summary>
    public IncidentActionResult Resolve(IncidentId id, string actor, DateTimeOffset now) => Act(id, actor, now, IncidentChangeKind.Resolved, state =>
    {
        if (state.Status == IncidentStatus.Resolved)
        {
            return $"incident {id} is already resolved";
        }
        state.Resolve(now, actor, $"resolved by {actor}");
        Unindex(state, keepFingerprints: true);
        AddHistory(state.Id, state.Title, state.Features());
        return null;
    });

    /// <summary>Records that a notification went out (the notifier calls it).</summary>
    public IncidentActionResult RecordNotification(IncidentId id, string channel, DateTimeOffset now) =>
        Act(id, channel, now, IncidentChangeKind.Notified, state => state.Note(now, TimelineKind.Notified, null, $"notified {channel}"));

    private IncidentActionResult Act(IncidentId id, string actor, DateTimeOffset now, IncidentChangeKind kind, Func<State, string?> action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!_states.TryGetValue(id, out var state) || state.Pending)
        {
            return new IncidentActionResult(IncidentActionOutcome.NotFound, null, $"no incident {id}");
        }
        if (action(state) is { } error)
        {
            return new IncidentActionResult(IncidentActionOutcome.Conflict, null, error);
        }
        return new IncidentActionResult(IncidentActionOutcome.Done, new IncidentChange(kind, state.Snapshot(), null, kind is IncidentChangeKind.Resolved or IncidentChangeKind.Acknowledged));
    }

    private ImmutableArray<IncidentChange> Update(State state, Signal signal, DateTimeOffset now)
    {
        var key = (signal.Fingerprint, signal.Start);
        var before = state.Signals[key];
        if (before.Equals(signal))
        {
            return [];
        }
        var ended = before.End is null && signal.End is not null;
        var flapping = false;
        var startedFlapping = false;
        if (ended)
        {
            flapping = RecordTransition(signal.Fingerprint, signal.End!.Value, now, out startedFlapping);
        }
        state.Replace(signal, now, ended);
        Rescore(state);
        var changes = ImmutableArray.CreateBuilder<IncidentChange>();
        changes.Add(new IncidentChange(ended ? IncidentChangeKind.SignalEnded : IncidentChangeKind.SignalUpdated, state.Snapshot(), signal, false));
        AddFlapping(changes, state, signal, startedFlapping && flapping, now);
        return Visible(changes);
    }

    private void AddFlapping(ImmutableArray<IncidentChange>.Builder changes, State state, Signal signal, bool startedFlapping, DateTimeOffset now)
    {
        if (!startedFlapping)
        {
            return;
        }
        state.Note(now, TimelineKind.SignalFlapping, null,
            string.Create(CultureInfo.InvariantCulture, $"{signal.Entity}: {signal.Summary} flaps (more than {_options.FlapThreshold} changes in {_options.FlapWindow.TotalMinutes:0.#} min): held until it settles"));
        changes.Add(new IncidentChange(IncidentChangeKind.SignalFlapping, state.Snapshot(), signal, false));
    }

    private State Open(Signal signal, string entity, string? groupKey, DateTimeOffset now)
    {
        State state;
        // Forecast breaches and SLO burns carry their own persistence (a forecast over hours, burn rates over two
        // windows): never transient, they open at once, like signals grouped by a configured rule.
        if (_options.TransientPause > TimeSpan.Zero && groupKey is null && signal.Kind is not (SignalKind.ForecastBreach or SignalKind.SloBurn))
        {
            state = new State(new IncidentId(++_pendingId), now, groupKey, _options) { Pending = true };
        }
        else
        {
            _lastId = _hasId ? _lastId.Next() : new IncidentId(1);
            _hasId = true;
            state = new State(_lastId, now, groupKey, _options);
        }
        state.Note(now, TimelineKind.Opened, null, $"opened by {signal.Entity}: {signal.Summary}");
        _states[state.Id] = state;
        if (groupKey is not null)
        {
            _byGroupKey[groupKey] = state;
        }
        Join(state, signal, entity, "", now, flapping: false, quiet: true);
        return state;
    }

    /// <summary>Adds a member; true when it raised the incident's severity band.</summary>
    private bool Join(State state, Signal signal, string entity, string reason, DateTimeOffset now, bool flapping, bool quiet = false)
    {
        var band = Severity.ToBand(state.Severity);
        state.Add(signal, entity, reason, now);
        _memberOf[(signal.Fingerprint, signal.Start)] = state;
        _byFingerprint[signal.Fingerprint] = state;
        if (!_byEntity.TryGetValue(entity, out var set))
        {
            _byEntity[entity] = set = [];
        }
        set.Add(state);
        Rescore(state);
        if (!quiet)
        {
            var role = state.RoleOf(signal);
            state.Note(now, role == MemberRole.Inhibited ? TimelineKind.SignalInhibited : TimelineKind.SignalJoined, null,
                $"{signal.Entity}: {signal.Summary}{(reason.Length > 0 ? $" ({reason})" : "")}{(flapping ? " [flapping]" : "")}");
        }
        return Severity.ToBand(state.Severity) > band;
    }

    /// <summary>Recomputes roles, causes, title, entities and similar incidents.</summary>
    private void Rescore(State state)
    {
        var graph = _relator.Graph;
        var members = state.Members.Where(m => state.Signals.ContainsKey((m.Fingerprint, m.Start)))
            .Select(m => (state.Signals[(m.Fingerprint, m.Start)], m.Entity)).ToList();
        // Inhibition: a member whose entity depends (directly or not) on another open member's entity is explained by it.
        var openEntities = members.Where(static m => m.Item1.IsOpen).Select(static m => m.Entity).ToHashSet(StringComparer.Ordinal);
        var dependencies = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var entity in members.Select(static m => m.Entity).Distinct(StringComparer.Ordinal))
        {
            var inhibited = false;
            if (_options.Inhibit && graph.Contains(entity))
            {
                foreach (var (dependency, hops) in graph.TransitiveDependenciesOf(entity))
                {
                    if (hops > 0 && openEntities.Contains(dependency))
                    {
                        inhibited = true;
                        break;
                    }
                }
            }
            dependencies[entity] = inhibited;
        }
        state.SetRoles(dependencies);
        state.RootCauses = IncidentRootCauseRanker.Rank(members, graph, _changes, _options.ChangeWindow);
        state.Entities = [.. state.RootCauses.Select(static c => c.Entity)];
        state.Title = TitleOf(state.RootCauses);
        var features = state.Features();
        if (features.Entities.Count + features.Kinds.Count + features.Templates.Count != state.FeatureCount)
        {
            state.FeatureCount = features.Entities.Count + features.Kinds.Count + features.Templates.Count;
            state.Similar = [.. _history
                .Where(h => h.Id != state.Id)
                .Select(h => new SimilarIncident(h.Id, h.Title, Math.Round(features.SimilarityTo(h.Features), 3)))
                .Where(s => s.Similarity >= _options.MinSimilarity)
                .OrderByDescending(static s => s.Similarity)
                .ThenByDescending(static s => s.Id.Value)
                .Take(3)];
        }
    }

    private static string TitleOf(ImmutableArray<IncidentCause> causes)
    {
        if (causes.IsEmpty)
        {
            return "incident";
        }
        var root = causes[0];
        var affected = causes.Skip(1).Select(static c => c.Entity).ToList();
        var title = $"{root.Entity}: {root.Summary}";
        if (affected.Count > 0)
        {
            title += $" — affects {string.Join(", ", affected.Take(3))}{(affected.Count > 3 ? $" and {affected.Count - 3} more" : "")}";
        }
        return title;
    }

    private ((GroupingReason Reason, double Strength) Relation, State State)? BestRelatedCore(Signal signal, string entity, Dictionary<State, GroupingReason> strong)
    {
        ((GroupingReason Reason, double Strength) Relation, State State)? best = null;
        void Consider(State state, Signal member, string memberEntity)
        {
            if (state.Status == IncidentStatus.Resolved || state.GroupKey is not null || !IsActiveNear(member, signal.Start, _options.Grouping.MaxGap))
            {
                return;
            }
            if (_relator.Relate(signal, entity, member, memberEntity) is not { } relation)
            {
                return;
            }
            if (relation.Strength >= 2)
            {
                strong.TryAdd(state, relation.Reason);
            }
            if (best is not { } b || relation.Strength > b.Relation.Strength
                || (relation.Strength == b.Relation.Strength && relation.Reason.Gap.Duration() < b.Relation.Reason.Gap.Duration())
                || (relation.Strength == b.Relation.Strength && relation.Reason.Gap.Duration() == b.Relation.Reason.Gap.Duration() && state.Id.Value < b.State.Id.Value))
            {
                best = (relation, state);
            }
        }
        // Same entity and topology neighbours through the entity index: no scan of every member.
        foreach (var near in Neighbourhood(entity))
        {
            if (_byEntity.TryGetValue(near, out var states))
            {
                foreach (var state in states)
                {
                    if (state.ActiveOn(near, signal.Start, _options.Grouping.MaxGap) is { } member)
                    {
                        Consider(state, member, near);
                    }
                }
            }
        }
        if (best is { Relation.Strength: >= 2 })
        {
            return best;
        }
        // Label similarity needs the members themselves. An incident holding fewer than MinLabelSimilarity of the
        // joiner's label pairs cannot reach it (Jaccard ≤ shared / joiner's pairs), so it is skipped on its pair counts:
        // measured at 10,000 open signals, the full member scan made an unrelated signal cost milliseconds.
        var pairs = State.PairsOf(signal.Labels);
        if (pairs.Count == 0)
        {
            return best;
        }
        foreach (var state in _states.Values)
        {
            if (state.Status == IncidentStatus.Resolved || state.GroupKey is not null)
            {
                continue;
            }
            var shared = 0;
            foreach (var pair in pairs)
            {
                if (state.LabelPairs.ContainsKey(pair))
                {
                    shared++;
                }
            }
            // Jaccard = s / (|a| + |b| − s) grows with s and shrinks with |b|: bounded with the most pairs any member
            // could share and the fewest pairs any member has.
            shared = Math.Min(shared, state.MinPairCount);
            var bound = shared == 0 ? 0 : (double)shared / (pairs.Count + state.MinPairCount - shared);
            if (bound < _options.Grouping.MinLabelSimilarity || !state.ActiveWithin(signal.Start, _options.Grouping.MaxGap))
            {
                continue;
            }
            foreach (var member in state.Members)
            {
                if (state.Signals.TryGetValue((member.Fingerprint, member.Start), out var s)
                    && SignalRelator.LabelSimilarity(signal.Labels, s.Labels) >= _options.Grouping.MinLabelSimilarity)
                {
                    Consider(state, s, member.Entity);
                }
            }
        }
        return best;
    }

    private (GroupingReason Reason, State State, Dictionary<State, GroupingReason> Others)? BestRelated(Signal signal, string entity)
    {
        var strong = new Dictionary<State, GroupingReason>();
        if (BestRelatedCore(signal, entity, strong) is not { } best)
        {
            return null;
        }
        strong.Remove(best.State);
        return (best.Relation.Reason, best.State, strong);
    }

    /// <summary>
    /// Moves every member of <paramref name="from"/> into <paramref name="into"/>: a signal that relates both through
    /// the topology (or one entity) shows they are one problem seen from two ends, e.g. when a dependency edge was
    /// learned after both had opened. <paramref name="from"/> stays as a resolved husk pointing at <paramref name="into"/>.
    /// </summary>
    private void Merge(State from, State into, string reason, DateTimeOffset now)
    {
        Unindex(from, keepFingerprints: false);
        foreach (var member in from.Members)
        {
            from.Signals.TryGetValue((member.Fingerprint, member.Start), out var signal);
            into.Adopt(member, signal, now);
            _memberOf[(member.Fingerprint, member.Start)] = into;
            _byFingerprint[member.Fingerprint] = into;
            if (!_byEntity.TryGetValue(member.Entity, out var set))
            {
                _byEntity[member.Entity] = set = [];
            }
            set.Add(into);
        }
        into.AdoptReasons(from.Reasons);
        into.Note(now, TimelineKind.Merged, null, $"incident {from.Id} merged in ({reason})");
        from.MergeInto(into.Id, now);
        Rescore(into);
    }

    private IEnumerable<string> Neighbourhood(string entity)
    {
        yield return entity;
        var graph = _relator.Graph;
        if (!graph.Contains(entity))
        {
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal) { entity };
        var frontier = new List<string> { entity };
        for (var hop = 0; hop < _options.Grouping.MaxTopologyHops && frontier.Count > 0; hop++)
        {
            var next = new List<string>();
            foreach (var node in frontier)
            {
                foreach (var e in graph.DependenciesOf(node))
                {
                    if (seen.Add(e.To))
                    {
                        next.Add(e.To);
                    }
                }
                foreach (var e in graph.DependentsOf(node))
                {
                    if (seen.Add(e.From))
                    {
                        next.Add(e.From);
                    }
                }
            }
            next.Sort(StringComparer.Ordinal);
            foreach (var n in next)
            {
                yield return n;
            }
            frontier = next;
        }
    }

    /// <summary>
    /// Whether a member signal is active around <paramref name="at"/>: a joiner relates to members active around it, not
    /// to any member the incident ever had, so a long incident does not chain every later signal of its neighbourhood.
    /// A critical member (an outage in progress) is active while open and for <paramref name="gap"/> after its end; a
    /// milder one (a warning, a weak anomaly) is a state rather than an event and is active for <paramref name="gap"/>
    /// after its start only — a slow-scrape warning open for twenty minutes does not tie together the faults that
    /// happen next to it meanwhile. Either way not before <paramref name="gap"/> ahead of its start: a joiner that
    /// started ten minutes before the member (history arriving late, from a shard catching up) is not near it.
    /// </summary>
    private static bool IsActiveNear(Signal member, DateTimeOffset at, TimeSpan gap) =>
        Core.Signals.Severity.ToBand(member.Severity) != SeverityBand.Critical
            ? IsWithin(member.Start, member.Start, at, gap)
            : IsWithin(member.Start, member.End, at, gap);

    /// <summary>Whether <paramref name="at"/> lies within <paramref name="gap"/> of the span from
    /// <paramref name="start"/> to <paramref name="end"/> (no end: still going on).</summary>
    private static bool IsWithin(DateTimeOffset start, DateTimeOffset? end, DateTimeOffset at, TimeSpan gap) =>
        start - at <= gap && (end is not { } e || at - (e > start ? e : start) <= gap);

    /// <summary>An unresolved incident with an open critical member on a dependency of <paramref name="entity"/> whose
    /// trouble started before <paramref name="start"/> (give or take the ranker's onset tolerance): a dependent's signal
    /// from before the dependency broke is not its consequence.</summary>
    private (State State, string Dependency)? InhibitingIncident(string entity, DateTimeOffset start)
    {
        var graph = _relator.Graph;
        if (!graph.Contains(entity))
        {
            return null;
        }
        foreach (var (dependency, hops) in graph.TransitiveDependenciesOf(entity).OrderBy(static d => d.Value).ThenBy(static d => d.Key, StringComparer.Ordinal))
        {
            if (hops == 0 || !_byEntity.TryGetValue(dependency, out var states))
            {
                continue;
            }
            var open = states.Where(s => s.Status != IncidentStatus.Resolved && s.HasOpenCriticalOn(dependency, start + IncidentRootCauseRanker.OnsetTolerance)).OrderBy(static s => s.Id.Value).FirstOrDefault();
            if (open is not null)
            {
                return (open, dependency);
            }
        }
        return null;
    }

    private bool RecordTransition(string fingerprint, DateTimeOffset at, DateTimeOffset now, out bool startedFlapping)
    {
        if (!_transitions.TryGetValue(fingerprint, out var list))
        {
            _transitions[fingerprint] = list = [];
        }
        list.Add(at > now ? now : at);
        list.RemoveAll(t => now - t > _options.FlapWindow);
        var flapping = list.Count > _options.FlapThreshold;
        startedFlapping = flapping && _flapping.Add(fingerprint);
        if (!flapping)
        {
            _flapping.Remove(fingerprint);
        }
        return flapping;
    }

    private bool IsFlapping(string fingerprint, DateTimeOffset now) =>
        _flapping.Contains(fingerprint) && _transitions.TryGetValue(fingerprint, out var list) && list.Count > 0 && now - list[^1] < _options.FlapWindow;

    private void Learn(Signal signal)
    {
        if (!_options.InferTopologyFromLabels)
        {
            return;
        }
        // Entities are named as the topology store names them (service/web, host/db-1), so a declared graph and what
        // the labels suggest meet on the same nodes. Only what this label set taught for the first time is added to the
        // graph: rebuilding it whole for each new label set (each new instance) cost 19 ms a signal at 10,000 open
        // signals through the server (docs/benchmarks.md, "Incidents").
        _learning.Clear();
        _learned.Add(signal.Labels, _learning);
        if (!_learning.IsEmpty)
        {
            _relator = new SignalRelator(
                _relator.Graph.With(
                    _learning.Entities.Select(e => e with { Id = Declared(e.Id) }),
                    _learning.Edges.Select(e => new TopologyEdge(Declared(e.From), Declared(e.To), e.Kind)).Where(static e => e.From != e.To)),
                _options.Grouping);
        }
    }

    private void RebuildGraph()
    {
        var provided = _providedGraph ?? TopologyGraph.Empty;
        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var e in _learned.Entities)
        {
            entities[Declared(e.Id)] = e with { Id = Declared(e.Id) };
        }
        foreach (var e in provided.Entities)
        {
            entities[e.Id] = e; // what a store says wins over what labels suggest
        }
        var learnedEdges = _learned.Edges.Select(e => new TopologyEdge(Declared(e.From), Declared(e.To), e.Kind)).Where(static e => e.From != e.To);
        _relator = new SignalRelator(TopologyGraph.Create(entities.Values, provided.Edges.Concat(learnedEdges)), _options.Grouping);
    }

    /// <summary>
    /// Learned ids are kinded (service/db); a graph declared with bare names (db, as an adjacency matrix names them)
    /// keeps its own: a learned id lands on the declared bare node of the same name unless the kinded one is declared.
    /// </summary>
    private string Declared(string id)
    {
        var provided = _providedGraph ?? TopologyGraph.Empty;
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && !provided.Contains(id) && provided.Contains(id[(slash + 1)..]) ? id[(slash + 1)..] : id;
    }

    private void Index(State state)
    {
        if (state.Status == IncidentStatus.Resolved)
        {
            foreach (var fp in state.Fingerprints())
            {
                _byFingerprint[fp] = state;
            }
            return;
        }
        foreach (var member in state.Members)
        {
            _memberOf[(member.Fingerprint, member.Start)] = state;
            _byFingerprint[member.Fingerprint] = state;
            if (!_byEntity.TryGetValue(member.Entity, out var set))
            {
                _byEntity[member.Entity] = set = [];
            }
            set.Add(state);
        }
        if (state.GroupKey is not null)
        {
            _byGroupKey[state.GroupKey] = state;
        }
    }

    private void Unindex(State state, bool keepFingerprints)
    {
        foreach (var member in state.Members)
        {
            _memberOf.Remove((member.Fingerprint, member.Start));
            if (!keepFingerprints && _byFingerprint.TryGetValue(member.Fingerprint, out var s) && s == state)
            {
                _byFingerprint.Remove(member.Fingerprint);
            }
            if (_byEntity.TryGetValue(member.Entity, out var set))
            {
                set.Remove(state);
                if (set.Count == 0)
                {
                    _byEntity.Remove(member.Entity);
                }
            }
        }
        if (state.GroupKey is not null && _byGroupKey.TryGetValue(state.GroupKey, out var g) && g == state)
        {
            _byGroupKey.Remove(state.GroupKey);
        }
    }

    private void Forget(State state)
    {
        Unindex(state, keepFingerprints: false);
        _states.Remove(state.Id);
    }

    private void AddHistory(IncidentId id, string title, IncidentFeatures features)
    {
        _history.RemoveAll(h => h.Id == id);
        _history.Add((id, title, features));
        if (_history.Count > _options.HistorySize)
        {
            _history.RemoveRange(0, _history.Count - _options.HistorySize);
        }
    }

    /// <summary>The mutable state of one incident; <see cref="Snapshot"/> makes the immutable value.</summary>
    private sealed class State
    {
        private readonly IncidentCorrelatorOptions _options;
        private readonly List<TimelineEntry> _timeline = [];
        private readonly List<string> _reasons = [];
        private Incident? _snapshot;

        public State(IncidentId id, DateTimeOffset now, string? groupKey, IncidentCorrelatorOptions options)
        {
            _options = options;
            Id = id;
            Opened = now;
            Updated = now;
            GroupKey = groupKey;
        }

        public State(Incident incident, IncidentCorrelatorOptions options)
        {
            _options = options;
            Id = incident.Id;
            Status = incident.Status;
            Opened = incident.Opened;
            Updated = incident.Updated;
            Resolved = incident.Resolved;
            Assignee = incident.Assignee;
            GroupKey = incident.GroupKey;
            Title = incident.Title;
            Severity = incident.Severity;
            Entities = incident.Entities;
            RootCauses = incident.RootCauses;
            Similar = incident.Similar;
            MergedInto = incident.MergedInto;
            Members.AddRange(incident.Members);
            _reasons.AddRange(incident.Reasons);
            _timeline.AddRange(incident.Timeline);
        }

        public IncidentId Id { get; private set; }

        /// <summary>Opened by a signal within the transient pause: seen by nobody until confirmed.</summary>
        public bool Pending { get; set; }

        public void Confirm(IncidentId id, DateTimeOffset now)
        {
            Id = id;
            Pending = false;
            Touch(now);
        }
        public IncidentStatus Status { get; private set; }
        public DateTimeOffset Opened { get; }
        public DateTimeOffset Updated { get; private set; }
        public DateTimeOffset? Resolved { get; private set; }
        public string? Assignee { get; private set; }
        public string? GroupKey { get; }
        public string Title { get; set; } = "incident";
        public int Severity { get; private set; }
        public ImmutableArray<string> Entities { get; set; } = [];
        public ImmutableArray<IncidentCause> RootCauses { get; set; } = [];
        public ImmutableArray<SimilarIncident> Similar { get; set; } = [];
        public int FeatureCount { get; set; } = -1;
        public List<IncidentMember> Members { get; } = [];
        public Dictionary<(string Fingerprint, DateTimeOffset Start), Signal> Signals { get; } = [];

        /// <summary>The latest end when every member has ended; null while any is open.</summary>
        public DateTimeOffset? LastEnd
        {
            get
            {
                DateTimeOffset? last = null;
                foreach (var m in Members)
                {
                    if (m.End is not { } end)
                    {
                        return null;
                    }
                    last = last is { } l && l > end ? l : end;
                }
                return last;
            }
        }

        /// <summary>Whether a member (with <paramref name="fingerprint"/>, when given) was active within
        /// <paramref name="gap"/> of <paramref name="at"/>.</summary>
        public bool ActiveWithin(DateTimeOffset at, TimeSpan gap, string? fingerprint = null)
        {
            foreach (var m in Members)
            {
                if ((fingerprint is null || m.Fingerprint == fingerprint) && IsWithin(m.Start, m.End, at, gap))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The latest member on <paramref name="entity"/> active around <paramref name="at"/> (see
        /// <see cref="IsActiveNear"/>).</summary>
        public Signal? ActiveOn(string entity, DateTimeOffset at, TimeSpan gap)
        {
            for (var i = Members.Count - 1; i >= 0; i--)
            {
                if (Members[i].Entity == entity && Signals.TryGetValue((Members[i].Fingerprint, Members[i].Start), out var s) && IsActiveNear(s, at, gap))
                {
                    return s;
                }
            }
            return null;
        }

        public bool HasOpenAtLeast(int severity) => Members.Any(m => m.End is null && m.Severity >= severity);

        /// <summary>Whether a member on <paramref name="entity"/> that started by <paramref name="startedBy"/> is open and
        /// critical: trouble that can explain its dependents'.</summary>
        public bool HasOpenCriticalOn(string entity, DateTimeOffset startedBy) =>
            Members.Any(m => m.Entity == entity && m.End is null && m.Start <= startedBy && Core.Signals.Severity.ToBand(m.Severity) == SeverityBand.Critical);

        public MemberRole RoleOf(Signal signal) =>
            Members.FirstOrDefault(m => m.Fingerprint == signal.Fingerprint && m.Start == signal.Start)?.Role ?? MemberRole.Active;

        public IEnumerable<string> Fingerprints() => Members.Select(static m => m.Fingerprint).Distinct(StringComparer.Ordinal);

        public IncidentFeatures Features() => IncidentFeatures.Of(Entities, Signals.Values);

        /// <summary>How many member signals carry each label pair (<c>name\0value</c>), for the label pre-filter.</summary>
        public Dictionary<string, int> LabelPairs { get; } = new(StringComparer.Ordinal);

        public static List<string> PairsOf(Labels labels)
        {
            var pairs = new List<string>(labels.Count);
            foreach (var label in labels)
            {
                if (label.Name != Label.MetricName)
                {
                    pairs.Add(string.Concat(label.Name, "\0", label.Value));
                }
            }
            return pairs;
        }

        /// <summary>The fewest label pairs any tracked member has.</summary>
        public int MinPairCount { get; private set; } = int.MaxValue;

        public void Track(Signal signal)
        {
            if (Signals.TryAdd((signal.Fingerprint, signal.Start), signal))
            {
                var pairs = PairsOf(signal.Labels);
                MinPairCount = Math.Min(MinPairCount, pairs.Count);
                foreach (var pair in pairs)
                {
                    LabelPairs[pair] = LabelPairs.GetValueOrDefault(pair) + 1;
                }
                return;
            }
            Signals[(signal.Fingerprint, signal.Start)] = signal;
        }

        public void Add(Signal signal, string entity, string reason, DateTimeOffset now)
        {
            Members.Add(new IncidentMember(signal.Fingerprint, signal.Start, signal.End, entity, signal.Kind, signal.Severity, MemberRole.Active, reason));
            Track(signal);
            if (reason.Length > 0)
            {
                _reasons.Add($"{signal.Entity}: {reason}");
            }
            Severity = Math.Max(Severity, signal.Severity);
            Touch(now);
        }

        public void Replace(Signal signal, DateTimeOffset now, bool ended)
        {
            Track(signal);
            var i = Members.FindIndex(m => m.Fingerprint == signal.Fingerprint && m.Start == signal.Start);
            Members[i] = Members[i] with { End = signal.End, Severity = signal.Severity };
            Severity = Members.Max(static m => m.Severity);
            if (ended)
            {
                Note(now, TimelineKind.SignalEnded, null, $"{signal.Entity}: {signal.Summary} ended");
            }
            Touch(now);
        }

        public IReadOnlyList<string> Reasons => _reasons;

        public IncidentId? MergedInto { get; private set; }

        public void Adopt(IncidentMember member, Signal? signal, DateTimeOffset now)
        {
            Members.Add(member);
            if (signal is not null)
            {
                Track(signal);
            }
            Severity = Math.Max(Severity, member.Severity);
            Touch(now);
        }

        public void AdoptReasons(IEnumerable<string> reasons) => _reasons.AddRange(reasons);

        public void MergeInto(IncidentId into, DateTimeOffset now)
        {
            MergedInto = into;
            Members.Clear();
            Signals.Clear();
            LabelPairs.Clear();
            MinPairCount = int.MaxValue;
            Status = IncidentStatus.Resolved;
            Resolved = now;
            Note(now, TimelineKind.Merged, null, $"merged into incident {into}");
        }

        public void SetRoles(Dictionary<string, bool> inhibitedByEntity)
        {
            for (var i = 0; i < Members.Count; i++)
            {
                var role = inhibitedByEntity.TryGetValue(Members[i].Entity, out var inhibited) && inhibited ? MemberRole.Inhibited : MemberRole.Active;
                if (Members[i].Role != role)
                {
                    Members[i] = Members[i] with { Role = role };
                }
            }
            _snapshot = null;
        }

        public string? Acknowledge(DateTimeOffset now, string actor)
        {
            Status = IncidentStatus.Acknowledged;
            Note(now, TimelineKind.Acknowledged, actor, $"acknowledged by {actor}");
            return null;
        }

        public string? Assign(DateTimeOffset now, string actor, string assignee)
        {
            Assignee = assignee;
            Note(now, TimelineKind.Assigned, actor, $"assigned to {assignee} by {actor}");
            return null;
        }

        public string? Comment(DateTimeOffset now, string actor, string text)
        {
            Note(now, TimelineKind.Commented, actor, text);
            return null;
        }

        public void Resolve(DateTimeOffset now, string? actor, string text)
        {
            Status = IncidentStatus.Resolved;
            Resolved = now;
            Note(now, TimelineKind.Resolved, actor, text);
        }

        public void Reopen(DateTimeOffset now, string text)
        {
            Status = IncidentStatus.Open;
            Resolved = null;
            Note(now, TimelineKind.Reopened, null, text);
        }

        public string? Note(DateTimeOffset now, TimelineKind kind, string? actor, string text)
        {
            _timeline.Add(new TimelineEntry(now, kind, actor, text));
            Touch(now);
            return null;
        }

        private void Touch(DateTimeOffset now)
        {
            if (now > Updated)
            {
                Updated = now;
            }
            _snapshot = null;
        }

        public Incident Snapshot() => _snapshot ??= new Incident
        {
            Id = Id,
            Status = Status,
            Title = Title,
            Severity = Severity,
            Entities = Entities,
            Members = [.. Members],
            Opened = Opened,
            Updated = Updated,
            Resolved = Resolved,
            Assignee = Assignee,
            GroupKey = GroupKey,
            RootCauses = RootCauses,
            Similar = Similar,
            Reasons = [.. _reasons],
            Timeline = [.. _timeline],
            MergedInto = MergedInto,
        };
    }
}
