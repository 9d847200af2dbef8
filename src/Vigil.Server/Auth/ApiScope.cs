namespace Vigil.Server.Auth;

/// <summary>What an API key may do.</summary>
[Flags]
public enum ApiScope
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Send metrics, logs and alerts.</summary>
    Ingest = 1,
    /// <summary>Query series, samples, signals; read /metrics.</summary>
    Read = 2,
    /// <summary>Change configuration and state.</summary>
    Admin = 4,
}

/// <summary>Endpoint metadata: the scope a caller needs.</summary>
/// <param name="Scope">The scope.</param>
public sealed record RequiredScope(ApiScope Scope);

/// <summary>Parses scope lists such as <c>ingest,read</c>.</summary>
public static class ApiScopes
{
    /// <summary>Parses a comma-separated list; false with the bad word in <paramref name="error"/>.</summary>
    public static bool TryParse(string text, out ApiScope scopes, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        scopes = ApiScope.None;
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ApiScope>(word, ignoreCase: true, out var scope) || scope == ApiScope.None || !Enum.IsDefined(scope))
            {
                error = $"unknown scope \"{word}\" (scopes: ingest, read, admin)";
                return false;
            }
            scopes |= scope;
        }
        error = scopes == ApiScope.None ? "no scope given (scopes: ingest, read, admin)" : "";
        return scopes != ApiScope.None;
    }

    /// <summary>Formats scopes as <c>ingest,read</c>.</summary>
    public static string Format(ApiScope scopes) =>
        string.Join(',', Enum.GetValues<ApiScope>().Where(s => s != ApiScope.None && scopes.HasFlag(s)).Select(s => s.ToString().ToLowerInvariant()));

    /// <summary>Requires <paramref name="scope"/> on an endpoint (when keys are required at all).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiScope scope)
        where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(b => b.Metadata.Add(new RequiredScope(scope)));
        return builder;
    }
}
