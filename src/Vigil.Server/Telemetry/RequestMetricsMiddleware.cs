using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Engine.Telemetry;

namespace Vigil.Server.Telemetry;

/// <summary>Records <c>vigil_http_request_duration_seconds{endpoint,code}</c> per route pattern.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, VigilMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            metrics.RequestDuration
                .WithLabels(endpoint, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture))
                .Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
