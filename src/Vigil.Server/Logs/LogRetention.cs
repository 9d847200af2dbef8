using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Storage;

namespace Vigil.Server.Logs;

/// <summary>Deletes raw lines and per-minute counts older than <see cref="LogsOptions.Retention"/>, hourly.</summary>
internal sealed partial class LogRetention(ILogStore store, LogsOptions options, TimeProvider time, ILogger<LogRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        try
        {
            do
            {
                try
                {
                    await store.DeleteBeforeAsync(time.GetUtcNow() - options.Retention, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "log retention failed; retried in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
