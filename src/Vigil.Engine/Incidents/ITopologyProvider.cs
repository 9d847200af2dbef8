using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Engine.Incidents;

/// <summary>Where the correlator gets the topology. Called once per batch of signals: implementations cache.</summary>
public interface ITopologyProvider
{
    /// <summary>The current graph.</summary>
    Task<TopologyGraph> GetGraphAsync(CancellationToken cancellationToken = default);
}

/// <summary>Where the correlator gets recent deploys and configuration changes for root-cause ranking.</summary>
public interface IChangeProvider
{
    /// <summary>Changes at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<ChangeEvent>> GetChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>
/// The default when no topology store is plugged in: no declared graph, so the topology is what the correlator
/// infers from signal labels (<c>service</c>/<c>job</c> runs on <c>host</c>/<c>instance</c>, <c>depends_on</c>;
/// see <see cref="LabelTopology"/>).
/// </summary>
internal sealed class LabelOnlyTopologyProvider : ITopologyProvider
{
    public Task<TopologyGraph> GetGraphAsync(CancellationToken cancellationToken = default) => Task.FromResult(TopologyGraph.Empty);
}

/// <summary>The default when no change source is plugged in: no change is known, so none boosts a cause.</summary>
internal sealed class NoChangeProvider : IChangeProvider
{
    public Task<IReadOnlyList<ChangeEvent>> GetChangesAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChangeEvent>>([]);
}
