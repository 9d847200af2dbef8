using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Topology;

/// <summary>
/// Loads the topology file into the declared part at start, then refreshes the inferred part at start and every
/// <see cref="TopologyOptions.RefreshInterval"/> of its <see cref="TimeProvider"/> (a fake one in tests).
/// </summary>
public sealed partial class TopologyRefreshService(
    TopologyCatalog catalog, TopologyOptions options, TimeProvider time, ILogger<TopologyRefreshService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _fileLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the topology file (if any) has been read into the declared part, or found invalid.</summary>
    public Task FileLoaded => _fileLoaded.Task;

    /// <summary>Raised after each refresh of the inferred part, with the time (on the service's clock) it started.</summary>
    public event Action<DateTimeOffset>? Refreshed;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.File is { Length: > 0 } file)
        {
            // Validated with the options at start; a file changed since then is reported, not fatal.
            if (TopologyFile.TryLoad(file, out var document, out var error) && document.TryConvert(out var entities, out var edges, out error))
            {
                await catalog.ReplaceDeclaredAsync(entities, edges, stoppingToken);
                LogFileLoaded(logger, file, entities.Count, edges.Count);
            }
            else
            {
                LogFileInvalid(logger, file, error);
            }
        }
        _fileLoaded.TrySetResult();
        if (!options.Infer)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.RefreshInterval, time);
        do
        {
            var started = time.GetUtcNow();
            try
            {
                await catalog.RefreshInferredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
            Refreshed?.Invoke(started);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Topology file {File}: {Entities} entities and {Edges} edges declared")]
    private static partial void LogFileLoaded(ILogger logger, string file, int entities, int edges);

    [LoggerMessage(Level = LogLevel.Error, Message = "Topology file {File} is invalid, declared topology left as stored: {Error}")]
    private static partial void LogFileInvalid(ILogger logger, string file, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topology inference failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
