using Vigil.Core.Topology;

namespace Vigil.Core.Storage;

/// <summary>Filters for a change query; null means "any".</summary>
public sealed record ChangeQuery
{
    /// <summary>Only changes of this entity.</summary>
    public string? Entity { get; init; }

    /// <summary>Only changes at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only changes at or before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Most changes returned, newest first (default 100).</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Change events (deploys, configuration changes) that root-cause ranking weighs.</summary>
public interface IChangeStore
{
    /// <summary>Stores a change.</summary>
    Task AddAsync(ChangeEvent change, CancellationToken cancellationToken = default);

    /// <summary>Changes matching the query, newest first.</summary>
    Task<IReadOnlyList<ChangeEvent>> QueryAsync(ChangeQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every change in [<paramref name="start"/>, <paramref name="until"/>], oldest first (what the ranker takes).</summary>
    Task<IReadOnlyList<ChangeEvent>> RecentAsync(DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken = default);
}
