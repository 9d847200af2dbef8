using System.Globalization;
using System.Net;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Hosting;

/// <summary>
/// Crash safety of <c>vigil serve</c>: killed with SIGKILL right after an acknowledgement, restarted on the same data
/// directory, every acknowledged sample is readable with its exact value.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Rounds = 3;
    private const int BatchesPerRound = 4;
    private const int Series = 5;
    private const int SamplesPerBatch = 40;

    [Fact]
    public async Task Serve_KilledAfterAcknowledgement_EveryAcknowledgedSampleReadableAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("vigil-crash");
        var acknowledged = Enumerable.Range(0, Series).Select(_ => new List<Sample>()).ToArray();
        var t = TestTime.BaseMs;
        var next = 0;

        for (var round = 0; round < Rounds; round++)
        {
            await using var server = await VigilProcess.StartAsync(data.Path, ct);
            if (round > 0)
            {
                await AssertAllReadableAsync(server, acknowledged, $"after restart {round}", ct);
            }
            for (var batch = 0; batch < BatchesPerRound; batch++)
            {
                var samples = RemoteWrite.Samples(t + (next * 1000L), SamplesPerBatch, i => Value(next + i));
                next += SamplesPerBatch;
                using var response = await RemoteWrite.PostAsync(server.Client, ct,
                    [.. Enumerable.Range(0, Series).Select(s => (Name(s), samples.Select(x => x with { Value = x.Value + s }).ToArray()))]);
                Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"round {round} batch {batch}: {(int)response.StatusCode}\n{server.Output}");
                for (var s = 0; s < Series; s++)
                {
                    acknowledged[s].AddRange(samples.Select(x => x with { Value = x.Value + s }));
                }
            }
            // One more request still in flight at the kill: it may or may not survive (it was never acknowledged),
            // and it writes a series of its own so it cannot disturb the acknowledged ones.
            var unacknowledged = RemoteWrite.PostAsync(server.Client, ct, ("crash_unacked{job=\"crash\"}", RemoteWrite.Samples(t + (next * 1000L), 10, i => i)));
            await server.KillAsync();
            try
            {
                (await unacknowledged).Dispose();
            }
            catch (HttpRequestException)
            {
            }
        }

        await using var last = await VigilProcess.StartAsync(data.Path, ct);
        await AssertAllReadableAsync(last, acknowledged, "after the last restart", ct);
    }

    private static async Task AssertAllReadableAsync(VigilProcess server, List<Sample>[] acknowledged, string when, CancellationToken ct)
    {
        for (var s = 0; s < Series; s++)
        {
            var expected = acknowledged[s];
            var series = await VigilApi.SingleSeriesAsync(server.Client, Name(s), expected[0].TimestampMs, expected[^1].TimestampMs, ct);
            var read = series.Samples;
            Assert.True(read.Count == expected.Count, $"{when}: {Name(s)} has {read.Count} of {expected.Count} acknowledged samples\n{server.Output}");
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal((expected[i].TimestampMs, expected[i].Value.ToString("R", CultureInfo.InvariantCulture)), read[i]);
            }
        }
    }

    private static string Name(int series) => $"crash_samples{{job=\"crash\",instance=\"i{series}\"}}";

    /// <summary>Irregular values, so XOR encoding has work to do; exact in decimal round-trip.</summary>
    private static double Value(int i) => i % 17 == 0 ? -i * 1.25 : (i * 0.1) + (i % 3);
}
