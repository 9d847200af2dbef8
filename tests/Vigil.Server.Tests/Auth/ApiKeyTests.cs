using System.Net;
using System.Net.Http.Headers;
using Vigil.Core.Series;
using Vigil.Server.Auth;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Auth;

/// <summary>A loopback server told to require keys, with one ingest key and one read key.</summary>
public sealed class KeyedServerFixture : VigilServerFixture
{
    public string IngestToken { get; private set; } = "";

    public string ReadToken { get; private set; } = "";

    protected override void Configure(ServerOptions options)
    {
        options.RequireApiKeys = true;
        var keys = ApiKeyStore.Load(options.DataDirectory);
        var now = TimeProvider.System.GetUtcNow();
        IngestToken = keys.Create("prometheus", ApiScope.Ingest, now);
        ReadToken = ApiKeyStore.Load(options.DataDirectory).Create("grafana", ApiScope.Read, now);
    }
}

/// <summary>API keys: <c>Authorization: Bearer</c>, scopes per endpoint, required beyond loopback.</summary>
public sealed class ApiKeyTests(KeyedServerFixture server) : IClassFixture<KeyedServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostWrite_NoKey_401SayingHowToCreateOne()
    {
        using var response = await Send(HttpMethod.Post, "api/v1/write", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("vigil keys create", await VigilApi.ErrorOfAsync(response, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWrite_UnknownKey_401()
    {
        using var response = await Send(HttpMethod.Post, "api/v1/write", "vigil_not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unknown API key", await VigilApi.ErrorOfAsync(response, Ct));
    }

    [Fact]
    public async Task PostWrite_KeyWithoutIngestScope_403NamingScope()
    {
        using var response = await Send(HttpMethod.Post, "api/v1/write", server.ReadToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("API key \"grafana\" lacks the scope \"ingest\"", await VigilApi.ErrorOfAsync(response, Ct));
    }

    [Fact]
    public async Task PostWrite_IngestKey_204()
    {
        using var response = await Send(HttpMethod.Post, "api/v1/write", server.IngestToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("api/v1/series?match[]=auth_w")]
    [InlineData("api/v1/signals")]
    [InlineData("metrics")]
    public async Task Get_ReadEndpoints_ReadKeyOnly(string path)
    {
        using var none = await Send(HttpMethod.Get, path, token: null);
        using var ingest = await Send(HttpMethod.Get, path, server.IngestToken);
        using var read = await Send(HttpMethod.Get, path, server.ReadToken);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    public async Task Get_HealthEndpoints_NoKeyNeeded(string path)
    {
        using var response = await Send(HttpMethod.Get, path, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = RemoteWrite.Content(RemoteWrite.Body(("auth_w{job=\"a\"}", [new Sample(TestTime.BaseMs, 1)])));
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await server.Client.SendAsync(request, Ct);
    }
}

/// <summary>Keys required or not, decided when the server is built.</summary>
public sealed class ApiKeyRequirementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostWrite_LoopbackWithoutKeys_NoKeyNeeded()
    {
        await using var server = new VigilServerFixture();
        await server.InitializeAsync();

        using var response = await RemoteWrite.PostAsync(server.Client, Ct, ("auth_open{job=\"a\"}", [new Sample(TestTime.BaseMs, 1)]));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:9400")]
    [InlineData("http://*:9400")]
    [InlineData("http://127.0.0.1:9400;http://192.0.2.10:9400")]
    public void Build_BeyondLoopbackWithoutKeys_ThrowsSayingHowToCreateOne(string listen)
    {
        using var data = new TempDirectory();

        var e = Assert.Throws<InvalidOperationException>(() => VigilServer.Build(new ServerOptions { Listen = listen, DataDirectory = data.Path, SiloPort = 0 }));

        Assert.Contains("beyond loopback", e.Message, StringComparison.Ordinal);
        Assert.Contains($"vigil keys create --data {data.Path} --name prometheus --scopes ingest,read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_ThroughCli_PrintsTokenThatTheServerAccepts()
    {
        using var data = new TempDirectory();

        var (exit, stdout, stderr) = await VigilCli.RunAsync(data.Path, Ct, "keys", "create", "--data", data.Path, "--name", "prometheus", "--scopes", "ingest");

        Assert.True(exit == 0, stderr);
        var token = stdout.Trim();
        Assert.StartsWith("vigil_", token, StringComparison.Ordinal);
        Assert.Contains("Created key \"prometheus\" with scopes ingest", stderr, StringComparison.Ordinal);
        var (listExit, list, _) = await VigilCli.RunAsync(data.Path, Ct, "keys", "list", "--data", data.Path);
        Assert.Equal(0, listExit);
        Assert.StartsWith("prometheus\tingest\t", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);

        await using var server = new DataDirectoryServerFixture(data.Path);
        await server.InitializeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/write")
        {
            Content = RemoteWrite.Content(RemoteWrite.Body(("auth_cli{job=\"a\"}", [new Sample(TestTime.BaseMs, 1)]))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var accepted = await server.Client.SendAsync(request, Ct);
        using var refused = await RemoteWrite.PostAsync(server.Client, Ct, ("auth_cli{job=\"a\"}", [new Sample(TestTime.BaseMs, 1)]));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task KeysCreate_UnknownScope_Exit2NamingIt()
    {
        using var data = new TempDirectory();

        var (exit, _, stderr) = await VigilCli.RunAsync(data.Path, Ct, "keys", "create", "--data", data.Path, "--name", "x", "--scopes", "ingest,write");

        Assert.Equal(2, exit);
        Assert.Contains("--scopes: unknown scope \"write\"", stderr, StringComparison.Ordinal);
    }

    /// <summary>A key-requiring server on a data directory that already holds keys.</summary>
    private sealed class DataDirectoryServerFixture(string dataDirectory) : VigilServerFixture
    {
        protected override void Configure(ServerOptions options)
        {
            options.DataDirectory = dataDirectory;
            options.RequireApiKeys = true;
        }
    }
}
