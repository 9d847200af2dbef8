using Vigil.Core.Storage;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Engine.Incidents;

/// <summary>Where the correlator gets recent deploys and configuration changes for root-cause ranking.</summary>
public interface IChangeProvider
{
    /// <summary>Changes at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<ChangeEvent>> GetChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>
/// The default when no topology store is plugged in: no declared graph, so the topology is what the correlator
/// infers from signal labels (<c>service</c>/<c>job</c> runs on <c>host</c>/<c>instance</c>, <c>depends_on</c>;
/// see <see cref="Correlation.Topology.LabelTopologyInference"/>).
/// </summary>
internal sealed class LabelOnlyTopologySource : ITopologySource
{
    public Task<TopologyGraph> GetGraphAsync(CancellationToken cancellationToken = default) => Task.FromResult(TopologyGraph.Empty);
}

/// <summary>Changes from the change store (what <c>POST /api/v1/changes</c> records), up to now.</summary>
internal sealed class StoredChangeProvider(IChangeStore store, TimeProvider time) : IChangeProvider
{
    public Task<IReadOnlyList<ChangeEvent>> GetChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        store.RecentAsync(since, time.GetUtcNow(), cancellationToken);
}

/// <summary>The default when no change store is registered: no change is known, so none boosts a cause.</summary>
internal sealed class NoChangeProvider : IChangeProvider
{
    public Task<IReadOnlyList<ChangeEvent>> GetChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChangeEvent>>([]);
}
