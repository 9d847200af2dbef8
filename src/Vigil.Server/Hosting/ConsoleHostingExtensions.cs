using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Api;

namespace Vigil.Server.Hosting;

/// <summary>
/// The web console: static pages embedded in this assembly (plain ES modules and a vendored ECharts, no build step)
/// served at <c>/</c>, and the endpoints the console needed first (band, events, entity health).
/// </summary>
internal static class ConsoleHostingExtensions
{
    /// <summary>Serves the console's files and maps its endpoints.</summary>
    public static void MapVigilConsole(this WebApplication app)
    {
        var files = new EmbeddedConsoleFiles(typeof(ConsoleHostingExtensions).Assembly);
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/")
            {
                context.Request.Path = "/index.html";
            }
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Files change with the server's version; revalidate rather than cache blindly.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapBandApi();
        app.MapEventsApi();
        app.MapEntityHealthApi();
    }
}
