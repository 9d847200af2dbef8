using Microsoft.Data.Sqlite;
using Vigil.Core.Ingest;
using Vigil.Core.Storage;
using Vigil.Storage.Sqlite.Journal;

namespace Vigil.Storage.Sqlite.Tests.Journal;

public sealed class SqliteIngestJournalTests
{
    private static async Task<List<JournalEntry>> ReadAllAsync(IIngestJournal journal)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in journal.ReadAllAsync())
        {
            entries.Add(entry);
        }
        return entries;
    }

    [Fact]
    public async Task AppendAsync_ThenReopen_ReplaysEveryBatchInOrder()
    {
        await using var store = TempStore.Create();
        var batches = Enumerable.Range(0, 5).Select(i => BatchCodecTests.Batch(i, series: 20, samplesPerSeries: i + 1)).ToArray();
        var sequences = new List<long>();
        foreach (var batch in batches)
        {
            sequences.Add(await store.Store.Journal.AppendAsync(batch));
        }

        await store.ReopenAsync();
        var entries = await ReadAllAsync(store.Store.Journal);

        Assert.Equal(sequences, entries.Select(e => e.Sequence));
        Assert.True(sequences.SequenceEqual(sequences.Order()) && sequences.Distinct().Count() == 5);
        for (var i = 0; i < batches.Length; i++)
        {
            Assert.False(entries[i].IsCorrupt);
            BatchCodecTests.AssertSameBatch(batches[i], entries[i].Batch);
        }
        Assert.True(store.Store.Journal.SizeBytes > 0);
    }

    [Fact]
    public async Task AppendAsync_FilesCopiedTheMomentItReturns_HoldTheBatch()
    {
        // As if the process died right after the acknowledgement: no dispose, no checkpoint, only what is in the files.
        await using var store = TempStore.Create();
        var batch = BatchCodecTests.Batch(3, series: 40, samplesPerSeries: 3);
        var sequence = await store.Store.Journal.AppendAsync(batch);
        var copy = Path.Combine(Path.GetTempPath(), "vigil-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(store.Directory, "*.db*"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var reopened = SqliteStore.Open(new SqliteStoreOptions { DataDirectory = copy });
        try
        {
            var entries = await ReadAllAsync(reopened.Journal);
            var entry = Assert.Single(entries);
            Assert.Equal(sequence, entry.Sequence);
            BatchCodecTests.AssertSameBatch(batch, entry.Batch);
        }
        finally
        {
            await reopened.DisposeAsync();
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task TrimBeforeAsync_Sequence_DropsOlderEntriesAndTheirBytes()
    {
        await using var store = TempStore.Create();
        var journal = store.Store.Journal;
        var first = await journal.AppendAsync(BatchCodecTests.Batch(1));
        var second = await journal.AppendAsync(BatchCodecTests.Batch(2));
        var sizeBoth = journal.SizeBytes;

        await journal.TrimBeforeAsync(second);
        var sizeOne = journal.SizeBytes;
        await store.ReopenAsync();

        Assert.Equal([second], (await ReadAllAsync(store.Store.Journal)).Select(e => e.Sequence));
        Assert.InRange(sizeOne, 1, sizeBoth - 1);
        Assert.Equal(sizeOne, store.Store.Journal.SizeBytes);
        Assert.True(first < second);
    }

    [Fact]
    public async Task AppendAsync_AfterTrimmingEverything_KeepsSequencesAscending()
    {
        await using var store = TempStore.Create();
        var last = await store.Store.Journal.AppendAsync(BatchCodecTests.Batch(1));
        await store.Store.Journal.TrimBeforeAsync(last + 1);
        await store.ReopenAsync();

        var next = await store.Store.Journal.AppendAsync(BatchCodecTests.Batch(2));

        Assert.True(next > last);
        Assert.Equal(0, (await ReadAllAsync(store.Store.Journal)).Count(e => e.Sequence <= last));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCallersWhileAFsyncIsPending_ShareOneCommit()
    {
        await using var store = TempStore.Create();
        var journal = (SqliteIngestJournal)store.Store.Journal;
        const int callers = 64;
        Task<long>[] appends;

        // Hold the journal's writer, as a slow fsync would: every append queues behind it.
        using (store.Store.JournalDatabase.Write())
        {
            appends = [.. Enumerable.Range(0, callers).Select(i => Task.Run(() => journal.AppendAsync(BatchCodecTests.Batch(i, series: 5))))];
            while (journal.Waiting < callers)
            {
                await Task.Delay(1, TestContext.Current.CancellationToken); // a barrier on the queue, not a timing guess
            }
        }
        var sequences = await Task.WhenAll(appends);
        await store.ReopenAsync();

        Assert.Equal(callers, sequences.Distinct().Count());
        Assert.InRange(journal.Commits, 1, 2); // the one picked before the writer was free, then all the rest
        Assert.Equal(sequences.Order(), (await ReadAllAsync(store.Store.Journal)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadAllAsync_DamagedAndTruncatedRows_ReportedAndReplayGoesOn()
    {
        await using var store = TempStore.Create();
        var sequences = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            sequences.Add(await store.Store.Journal.AppendAsync(BatchCodecTests.Batch(i, series: 30)));
        }
        await store.Store.DisposeAsync();
        var path = Path.Combine(store.Directory, SqliteStore.JournalFileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // Row 2: a flipped byte in the body. Row 3: cut in half, as a torn write would leave it. Row 4: empty.
            command.CommandText = """
                UPDATE journal SET data = CAST(substr(data, 1, 20) || X'FF' || substr(data, 22) AS BLOB) WHERE seq = $s2;
                UPDATE journal SET data = substr(data, 1, length(data) / 2) WHERE seq = $s3;
                UPDATE journal SET data = X'' WHERE seq = $s4;
                """;
            command.Parameters.AddWithValue("$s2", sequences[1]);
            command.Parameters.AddWithValue("$s3", sequences[2]);
            command.Parameters.AddWithValue("$s4", sequences[3]);
            command.ExecuteNonQuery();
        }
        await store.ReopenAsync();

        var entries = await ReadAllAsync(store.Store.Journal);

        Assert.Equal(sequences, entries.Select(e => e.Sequence));
        Assert.False(entries[0].IsCorrupt);
        Assert.Contains("checksum", entries[1].Error, StringComparison.Ordinal);
        Assert.Contains("checksum", entries[2].Error, StringComparison.Ordinal);
        Assert.Contains("header", entries[3].Error, StringComparison.Ordinal);
        Assert.Contains($"row {sequences[1]}", entries[1].Error, StringComparison.Ordinal);
        Assert.All(entries.Skip(1), e => Assert.Same(MetricBatch.Empty, e.Batch));
        Assert.True(await store.Store.Journal.AppendAsync(BatchCodecTests.Batch(9)) > sequences[^1]);
    }
}
