using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Prometheus;
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
    /// (<c>ISeriesIndex</c>, <c>IChunkStore</c>, <c>IIngestJournal</c>, <c>ISignalStore</c>) must be registered too.
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
        return services;
    }
}
