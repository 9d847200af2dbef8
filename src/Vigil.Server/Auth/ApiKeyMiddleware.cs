using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer …</c> (or <c>Ocp-Apim-Subscription-Key</c>, for Azure Anomaly Detector clients)
/// against the endpoint's <see cref="RequiredScope"/> when keys are required.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, bool required)
{
    public Task InvokeAsync(HttpContext context)
    {
        var scope = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        if (!required || scope is null)
        {
            return next(context);
        }
        var token = TokenOf(context.Request);
        if (token is null)
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, "an API key is required: send \"Authorization: Bearer <key>\" (create one with: vigil keys create --name NAME --scopes ingest,read)");
        }
        var key = keys.Find(token);
        if (key is null)
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, "unknown API key");
        }
        if (!key.Scopes.HasFlag(scope.Scope))
        {
            return Refuse(context, StatusCodes.Status403Forbidden, $"API key \"{key.Name}\" lacks the scope \"{ApiScopes.Format(scope.Scope)}\"");
        }
        return next(context);
    }

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }
        var azure = request.Headers["Ocp-Apim-Subscription-Key"].ToString();
        return azure.Length > 0 ? azure : null;
    }

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        return context.Response.WriteAsJsonAsync(new { error = message });
    }
}
