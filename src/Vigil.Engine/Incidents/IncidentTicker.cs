using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Incidents;

/// <summary>Asks the correlator every <see cref="IncidentOptions.TickInterval"/> to auto-resolve quiet incidents.</summary>
internal sealed partial class IncidentTicker(IGrainFactory grains, IncidentOptions options, TimeProvider time, ILogger<IncidentTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.TickInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.GetGrain<ICorrelatorGrain>(ICorrelatorGrain.DefaultTenant).TickAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed tick (store busy, silo stopping) is retried on the next one; stopping the host would be worse.
                    LogTickFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident tick failed; retried on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
