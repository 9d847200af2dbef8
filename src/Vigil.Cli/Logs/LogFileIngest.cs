using System.Globalization;
using Vigil.Logs.Formats;

namespace Vigil.Cli.Logs;

/// <summary>Settings of <c>vigil logs ingest</c>.</summary>
internal sealed record LogFileIngestOptions(
    string Path, LogFormat? Format, bool Follow, Uri Endpoint, string? Token, int BatchLines, int MaxAttempts, TimeSpan Poll);

/// <summary>
/// <c>vigil logs ingest</c>: reads a file (following it when asked), encodes each record as a JSON line and sends
/// batches of them to a running Vigil, showing progress on stderr.
/// </summary>
internal static class LogFileIngest
{
    private const int MaxBatchBytes = 1024 * 1024;

    /// <summary>Runs to the end of the file (or, following, to cancellation); returns the exit code.</summary>
    public static async Task<int> RunAsync(LogFileIngestOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        if (options.Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", options.Token);
        }
        var sender = new LogBatchSender(client, options.Endpoint, options.MaxAttempts, TimeProvider.System);
        var encoder = new LogRecordEncoder(options.Format);
        var tailer = new FileTailer(options.Path, options.Follow, options.Poll);
        var total = options.Follow ? 0 : new FileInfo(options.Path).Length;
        var batch = new List<string>();
        var batchBytes = 0;
        ParsedLine? last = null;
        string? lastContinuation = null;
        long records = 0, accepted = 0, rejected = 0, retries = 0, continuations = 0, batches = 0;

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }
            var outcome = await sender.SendAsync(batch, cancellationToken);
            batches++;
            accepted += outcome.Accepted;
            rejected += outcome.Rejected;
            retries += outcome.Retries;
            if (outcome.Errors is not null)
            {
                await Console.Error.WriteLineAsync($"\nvigil logs ingest: the server refused lines of batch {batches}: {outcome.Errors}");
            }
            batch.Clear();
            batchBytes = 0;
            last = null;
            lastContinuation = null;
            var size = total > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * tailer.BytesRead / total:0}% of {total:N0} bytes)") : "";
            await progress.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"\r{records:N0} records sent in {batches:N0} batches: {accepted:N0} stored, {rejected:N0} refused, {retries:N0} retries{size}"));
        }

        void Add(string json)
        {
            batch.Add(json);
            batchBytes += json.Length;
        }

        tailer.OnIdleAsync = FlushAsync;
        try
        {
            await foreach (var line in tailer.ReadLinesAsync(cancellationToken))
            {
                if (encoder.TryEncode(line, out var json, out var parsed))
                {
                    if (batch.Count >= options.BatchLines || batchBytes >= MaxBatchBytes)
                    {
                        await FlushAsync();
                    }
                    Add(json);
                    last = parsed;
                    lastContinuation = null;
                    records++;
                }
                else if (!string.IsNullOrWhiteSpace(line))
                {
                    continuations++;
                    if (last is not null && options.Format is not null)
                    {
                        // A stack frame or wrapped text: it belongs to the record before it, still in this batch.
                        lastContinuation = lastContinuation is null ? line : lastContinuation + "\n" + line;
                        batchBytes -= batch[^1].Length;
                        batch[^1] = LogRecordEncoder.WithContinuation(last, lastContinuation);
                        batchBytes += batch[^1].Length;
                    }
                    else
                    {
                        // Nothing to join it to (the record went in an earlier batch): its own record, message as it is.
                        Add(PlainRecord(line));
                        records++;
                    }
                }
            }
            await FlushAsync();
        }
        catch (LogSendException e)
        {
            await Console.Error.WriteLineAsync($"\nvigil logs ingest: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C while following: what was read is sent above on idle; stop quietly.
        }
        await progress.WriteLineAsync();
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{records:N0} records ({continuations:N0} continuation lines) from {options.Path}: {accepted:N0} stored, {rejected:N0} refused."));
        return rejected > 0 && accepted == 0 ? 1 : 0;
    }

    private static string PlainRecord(string line) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["msg"] = line });
}
