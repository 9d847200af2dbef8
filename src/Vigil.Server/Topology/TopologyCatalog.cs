using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Server.Topology;

/// <summary>
/// The topology as the server holds it: writes go to the store, the stored rows and the merged graph are cached until
/// the next write (the console asks for a neighbourhood on every incident page), and
/// <see cref="RefreshInferredAsync"/> re-infers the inferred part from the series index and recent signals.
/// </summary>
public sealed class TopologyCatalog(ITopologyStore store, ISeriesIndex series, ISignalStore signals, TopologyOptions options, TimeProvider time) : ITopologySource, IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Loaded? _loaded;
    private long _version;

    /// <summary>The stored rows of both sources.</summary>
    public async Task<TopologySnapshot> LoadAsync(CancellationToken cancellationToken = default) => (await LoadedAsync(cancellationToken)).Snapshot;

    /// <inheritdoc/>
    public async Task<TopologyGraph> GetGraphAsync(CancellationToken cancellationToken = default) => (await LoadedAsync(cancellationToken)).Graph;

    private async Task<Loaded> LoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } cached)
        {
            return cached;
        }
        var version = Interlocked.Read(ref _version);
        var snapshot = await store.LoadAsync(cancellationToken);
        var loaded = new Loaded(snapshot, TopologyMerge.ToGraph(snapshot));
        // Cache only when no write happened while loading; otherwise the next call loads again.
        if (Interlocked.Read(ref _version) == version)
        {
            _loaded = loaded;
        }
        return loaded;
    }

    /// <summary>Replaces the declared part.</summary>
    public Task ReplaceDeclaredAsync(IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, CancellationToken cancellationToken = default) =>
        WriteAsync(() => store.ReplaceAsync(TopologySource.Declared, entities, edges, time.GetUtcNow(), cancellationToken));

    /// <summary>Adds declared entities and edges.</summary>
    public Task AddDeclaredAsync(IReadOnlyList<Entity> entities, IReadOnlyList<TopologyEdge> edges, CancellationToken cancellationToken = default) =>
        WriteAsync(() => store.UpsertAsync(TopologySource.Declared, entities, edges, time.GetUtcNow(), cancellationToken));

    /// <summary>Removes a declared entity with its declared edges.</summary>
    public async Task<bool> DeleteDeclaredEntityAsync(string id, CancellationToken cancellationToken = default)
    {
        var deleted = false;
        await WriteAsync(async () => deleted = await store.DeleteEntityAsync(TopologySource.Declared, id, cancellationToken));
        return deleted;
    }

    /// <summary>Removes a declared edge.</summary>
    public async Task<bool> DeleteDeclaredEdgeAsync(TopologyEdge edge, CancellationToken cancellationToken = default)
    {
        var deleted = false;
        await WriteAsync(async () => deleted = await store.DeleteEdgeAsync(TopologySource.Declared, edge, cancellationToken));
        return deleted;
    }

    /// <summary>
    /// Re-infers the inferred part from the labels of the series index and of signals started within
    /// <see cref="TopologyOptions.SignalLookback"/>, and replaces it in one transaction. Returns what was inferred.
    /// </summary>
    public async Task<LabelTopologyInference> RefreshInferredAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var inference = new LabelTopologyInference();
            var visited = new HashSet<SeriesId>();
            foreach (var name in LabelTopologyInference.TopologyLabelNames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var found = series.Find([new LabelMatcher(name, LabelMatchType.Regex, ".+")]);
                for (var i = 0; i < found.Count && i < options.MaxSeriesPerLabel; i++)
                {
                    if (visited.Add(found[i].Id))
                    {
                        inference.Add(found[i].Key.Labels);
                    }
                }
            }
            if (options.SignalLookback > TimeSpan.Zero)
            {
                var recent = await signals.QueryAsync(new SignalQuery { From = now - options.SignalLookback, Limit = 10_000 }, cancellationToken);
                foreach (var signal in recent)
                {
                    inference.Add(signal.Labels);
                }
            }
            await WriteAsync(() => store.ReplaceAsync(TopologySource.Inferred, inference.Entities, inference.Edges, now, cancellationToken));
            return inference;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _refresh.Dispose();

    private async Task WriteAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        finally
        {
            Interlocked.Increment(ref _version);
            _loaded = null;
        }
    }

    /// <summary>The stored rows and the graph merged from them, as of one load.</summary>
    private sealed record Loaded(TopologySnapshot Snapshot, TopologyGraph Graph);
}
