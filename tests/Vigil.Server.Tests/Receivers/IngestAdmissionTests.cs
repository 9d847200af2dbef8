using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Storage;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;
using Vigil.Storage.Sqlite;

namespace Vigil.Server.Tests.Receivers;

/// <summary>A server with a tiny in-flight budget whose journal the test can hold.</summary>
public sealed class GatedServerFixture : VigilServerFixture
{
    public const int MaxInFlightSamples = 10;

    internal GatedJournal Journal { get; private set; } = null!;

    protected override void Configure(ServerOptions options) => options.Engine.MaxInFlightSamples = MaxInFlightSamples;

    protected override void ConfigureBuilder(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IIngestJournal>(sp => Journal = new GatedJournal { Inner = sp.GetRequiredService<SqliteStore>().Journal });
}

/// <summary>Admission: past <c>Engine:MaxInFlightSamples</c> the server answers 429 with Retry-After and stores nothing.</summary>
public sealed class IngestAdmissionTests(GatedServerFixture server) : IClassFixture<GatedServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostWrite_BudgetHeldByRequestInFlight_429WithRetryAfterThenAccepted()
    {
        var t = TestTime.BaseMs;
        server.Journal.CloseAppends();
        // Fills the whole budget and waits at the journal.
        var holding = RemoteWrite.PostAsync(server.Client, Ct, ("adm_held{job=\"a\"}", RemoteWrite.Samples(t, GatedServerFixture.MaxInFlightSamples, i => i)));
        await server.Journal.AppendArrived.WaitAsync(Ct);

        using var refused = await RemoteWrite.PostAsync(server.Client, Ct, ("adm_refused{job=\"a\"}", [new(t, 1)]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Engine:MaxInFlightSamples", await VigilApi.ErrorOfAsync(refused, Ct), StringComparison.Ordinal);
        Assert.Empty(await VigilApi.SeriesAsync(server.Client, "adm_refused", Ct));

        server.Journal.OpenAppends();
        using var held = await holding;
        Assert.Equal(HttpStatusCode.NoContent, held.StatusCode);
        using var retried = await RemoteWrite.PostAsync(server.Client, Ct, ("adm_refused{job=\"a\"}", [new(t, 1)]));
        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Equal(["1"], (await VigilApi.SingleSeriesAsync(server.Client, "adm_refused", t, t + 1000, Ct)).Values);
        var metrics = await server.Client.GetStringAsync("metrics", Ct);
        Assert.Contains("vigil_requests_rejected_total{receiver=\"remote_write\",reason=\"overloaded\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWrite_RequestLargerThanBudgetWithNothingInFlight_Accepted()
    {
        var t = TestTime.BaseMs;

        using var response = await RemoteWrite.PostAsync(server.Client, Ct, ("adm_big{job=\"a\"}", RemoteWrite.Samples(t, 3 * GatedServerFixture.MaxInFlightSamples, i => i)));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

/// <summary>A server whose start the test holds inside the journal replay.</summary>
public sealed class ReplayingServerFixture : VigilServerFixture
{
    internal GatedJournal Journal { get; } = new();

    protected override bool AwaitReplay => false;

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        Journal.CloseReplay();
        builder.Services.AddSingleton<IIngestJournal>(sp =>
        {
            Journal.Inner = sp.GetRequiredService<SqliteStore>().Journal;
            return Journal;
        });
    }
}

/// <summary>Until the journal is replayed, ingest answers 503 with Retry-After, /readyz is not ready, /healthz is.</summary>
public sealed class JournalReplayAdmissionTests(ReplayingServerFixture server) : IClassFixture<ReplayingServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostWrite_DuringReplay_503WithRetryAfterThenAcceptedOnceReady()
    {
        await server.Journal.ReplayArrived.WaitAsync(Ct);

        using var refused = await RemoteWrite.PostAsync(server.Client, Ct, ("replay_w{job=\"a\"}", [new(TestTime.BaseMs, 1)]));
        using var notReady = await server.Client.GetAsync("readyz", Ct);
        using var healthy = await server.Client.GetAsync("healthz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("replaying the journal", await VigilApi.ErrorOfAsync(refused, Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(0, server.SeriesIndex.Count);

        server.Journal.OpenReplay();
        await server.Replayed.WaitAsync(Ct);
        using var ready = await server.Client.GetAsync("readyz", Ct);
        using var accepted = await RemoteWrite.PostAsync(server.Client, Ct, ("replay_w{job=\"a\"}", [new(TestTime.BaseMs, 1)]));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }
}
