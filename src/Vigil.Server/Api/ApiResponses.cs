using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Api;

/// <summary>The JSON envelope of the query API, as Prometheus's HTTP API shapes it.</summary>
/// <typeparam name="T">The payload.</typeparam>
/// <param name="Status"><c>success</c> or <c>error</c>.</param>
/// <param name="Data">The payload on success.</param>
/// <param name="ErrorType">On error, e.g. <c>bad_data</c>.</param>
/// <param name="Error">On error, what was wrong.</param>
public sealed record ApiEnvelope<T>(string Status, T? Data, string? ErrorType = null, string? Error = null);

internal static class ApiResponses
{
    public static IResult Ok<T>(T data) => Results.Ok(new ApiEnvelope<T>("success", data));

    public static IResult BadData(string error) =>
        Results.BadRequest(new ApiEnvelope<object>("error", null, "bad_data", error));

    public static IResult NotFound(string error) =>
        Results.NotFound(new ApiEnvelope<object>("error", null, "not_found", error));
}
