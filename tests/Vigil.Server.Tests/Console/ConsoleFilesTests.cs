using System.Net;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Console;

/// <summary>The console's files come from the server itself: no CDN, no separate web server.</summary>
public sealed class ConsoleFilesTests(VigilServerFixture server) : IClassFixture<VigilServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "text/html", "<main id=\"main\"")]
    [InlineData("js/app.js", "text/javascript", "subscribe('/api/v1/events'")]
    [InlineData("css/console.css", "text/css", "[data-theme=\"dark\"]")]
    [InlineData("vendor/echarts/echarts.min.js", "text/javascript", "echarts")]
    [InlineData("vendor/echarts/LICENSE.txt", null, "Apache License")]
    public async Task Get_ConsoleFile_ServedWithItsType(string path, string? mediaType, string contains)
    {
        using var response = await server.Client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains(contains, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_ReferencesNoOtherHost()
    {
        var html = await server.Client.GetStringAsync("", Ct);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("//cdn", html, StringComparison.Ordinal);
    }
}
