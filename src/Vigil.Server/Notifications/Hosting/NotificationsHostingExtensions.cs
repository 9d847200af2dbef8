using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Telemetry;

namespace Vigil.Server.Notifications.Hosting;

/// <summary>Registers the notification dispatcher (a hosted service) with the receivers and routes of the config.</summary>
internal static class NotificationsHostingExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new NotificationDispatcher(
            options, sp.GetRequiredService<VigilMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NotificationDispatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
