using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Prometheus;
using Vigil.Core.Storage;
using Vigil.Correlation.Topology;
using Vigil.Engine.Incidents;
using Vigil.Engine.Ingest;
using Vigil.Engine.Query;
using Vigil.Engine.Series;
using Vigil.Engine.Telemetry;

namespace Vigil.Engine.Hosting;

/// <summary>Wires the engine into a host that also runs an Orleans silo.</summary>
public static class EngineHostingExtensions
{
    /// <summary>
    /// Adds the engine's services: ingest, journal replay at start, checkpoints, reads and metrics. The store
    /// (<c>ISeriesIndex</c>, <c>IChunkStore</c>, <c>IIngestJournal</c>, <c>ISignalStore</c>, <c>IIncidentStore</c>, <c>IModelStore</c>) must be
    /// registered first: the signal store is wrapped so that every upsert reaches the correlator grain.
    /// </summary>
    public static IServiceCollection AddVigilEngine(this IServiceCollection services, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new VigilMetrics(Metrics.NewCustomRegistry()));
        services.AddSingleton<ChunkWriter>();
        services.AddSingleton<SealedTimes>();
        services.AddSingleton<MetricIngestor>();
        services.AddSingleton<SeriesReader>();
        services.AddSingleton<AnomalyFeedback>();
        services.AddSingleton<Checkpointer>();
        // Registered after UseOrleans: the silo is up before the journal is replayed into it.
        services.AddHostedService<JournalReplayer>();
        services.AddHostedService(sp => sp.GetRequiredService<Checkpointer>());
        services.AddSingleton<ModelSnapshotter>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelSnapshotter>());
        AddIncidents(services);
        return services;
    }

    private static void AddIncidents(IServiceCollection services)
    {
        // Every producer writes signals through ISignalStore; decorating it is the one path to the correlator.
        var store = services.LastOrDefault(static d => d.ServiceType == typeof(ISignalStore))
            ?? throw new InvalidOperationException("register an ISignalStore before AddVigilEngine: the engine forwards its upserts to the correlator");
        services.Remove(store);
        services.AddSingleton<ISignalStore>(sp => ActivatorUtilities.CreateInstance<CorrelatingSignalStore>(sp, Inner(sp, store)));
        services.TryAddSingleton(sp => new IncidentOptions().Validate());
        // Defaults a host overrides by registering its topology source (the server's catalog) and a change store.
        services.TryAddSingleton<ITopologySource, LabelOnlyTopologySource>();
        services.TryAddSingleton<IChangeProvider>(sp => sp.GetService<IChangeStore>() is { } changes
            ? new StoredChangeProvider(changes, sp.GetRequiredService<TimeProvider>())
            : new NoChangeProvider());
        services.AddSingleton<IncidentFeed>();
        services.AddHostedService<IncidentTicker>();
    }

    private static ISignalStore Inner(IServiceProvider sp, ServiceDescriptor descriptor) => (ISignalStore)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
}
