using System.Buffers;
using System.Text;
using Vigil.Logs.Masking;

namespace Vigil.Logs.Mining;

/// <summary>
/// Online log template mining: each message is masked (<see cref="VariableMasker"/>), then joins the most similar template of
/// its shape or starts a new one. Deterministic: the same messages in the same order give the same templates and ids.
/// </summary>
/// <remarks>
/// <para>Three ideas on top of Drain. A cache of masked messages (as in LILAC's parsing cache) answers repeated message kinds
/// with one hash lookup, so throughput is bound by masking. Templates are grouped by their plain words (see
/// <see cref="TemplateIndex"/>), so "VM Started" and "VM Paused" never merge while ids, numbers and names do. A merge never
/// leaves a template with no literal token, so no all-wildcard template swallows unrelated messages.</para>
/// <para>Not thread-safe: one miner per log source, driven by one thread (a grain, a CLI loop).</para>
/// </remarks>
public sealed class TemplateMiner
{
    private const int SnapshotMagic = 0x544C4756; // "VGLT"
    private const int SnapshotVersion = 3;

    private readonly TemplateMinerOptions options;
    private readonly Dictionary<string, LogTemplate> cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LogTemplate>.AlternateLookup<ReadOnlySpan<char>> cacheLookup;
    private readonly TemplateIndex index = new();
    private readonly Dictionary<TemplateId, LogTemplate> templates = [];
    private readonly LinkedList<LogTemplate> recency = new();
    private char[] buffer = [];
    private int nextId = 1;

    /// <summary>Creates an empty miner.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    public TemplateMiner(TemplateMinerOptions? options = null)
    {
        this.options = options ?? new TemplateMinerOptions();
        this.options.Validate();
        cacheLookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The settings of this miner.</summary>
    public TemplateMinerOptions Options => options;

    /// <summary>Templates currently kept.</summary>
    public int TemplateCount => templates.Count;

    /// <summary>Templates dropped by the LRU bound since the miner was created.</summary>
    public long EvictedCount { get; private set; }

    /// <summary>The kept templates, most recently used first.</summary>
    public IEnumerable<LogTemplate> Templates
    {
        get
        {
            foreach (var template in recency)
            {
                yield return template;
            }
        }
    }

    /// <summary>The template with this id, if it is kept.</summary>
    /// <param name="id">A template id.</param>
    /// <param name="template">The template when found.</param>
    /// <returns>Whether the template is kept.</returns>
    public bool TryGetTemplate(TemplateId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogTemplate? template) =>
        templates.TryGetValue(id, out template);

    /// <summary>Finds or creates the template of <paramref name="message"/>.</summary>
    /// <param name="message">A log message without its header (the first line of a multi-line record).</param>
    /// <returns>The template and what happened to it.</returns>
    public MiningResult Process(ReadOnlySpan<char> message)
    {
        if (message.Length > options.MaxMessageLength)
        {
            message = message[..options.MaxMessageLength];
        }

        var needed = VariableMasker.MaxOutputLength(message.Length);
        if (buffer.Length < needed)
        {
            buffer = new char[Math.Max(needed, 256)];
        }

        var length = VariableMasker.Mask(message, buffer);
        var masked = buffer.AsSpan(0, length);
        if (cacheLookup.TryGetValue(masked, out var cached))
        {
            cached = cached.Current;
            if (!cached.IsEvicted)
            {
                cached.Count++;
                Touch(cached);
                return new MiningResult(cached, TemplateChange.None);
            }
            cacheLookup.Remove(masked);
        }

        return ProcessNew(masked.ToString());
    }

    /// <summary>Finds or creates the template of <paramref name="message"/>.</summary>
    /// <param name="message">A log message without its header.</param>
    /// <returns>The template and what happened to it.</returns>
    public MiningResult Process(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Process(message.AsSpan());
    }

    /// <summary>Writes the templates and id counter, so that <see cref="Restore"/> gives back the same ids.</summary>
    /// <param name="destination">A writable stream; left open.</param>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(SnapshotMagic);
        writer.Write(SnapshotVersion);
        writer.Write(nextId);
        writer.Write(templates.Count);

        // Least recently used first, so that the restored recency order is the same.
        for (var node = recency.Last; node is not null; node = node.Previous)
        {
            var template = node.Value;
            writer.Write(template.Id.Value);
            writer.Write(template.Count);
            writer.Write(template.TokenArray.Length);
            for (var k = 0; k < template.TokenArray.Length; k++)
            {
                writer.Write((byte)template.Kinds[k]);
                writer.Write(template.TokenArray[k]);
            }
        }
    }

    /// <summary>Reads a snapshot written by <see cref="Save"/>. Only plain numbers and strings are read; nothing is instantiated by name.</summary>
    /// <param name="source">A readable stream positioned at the snapshot; left open.</param>
    /// <param name="options">Settings of the restored miner; null for the defaults.</param>
    /// <returns>A miner with the saved templates and ids.</returns>
    /// <exception cref="InvalidDataException">The stream does not hold a valid snapshot.</exception>
    public static TemplateMiner Restore(Stream source, TemplateMinerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var miner = new TemplateMiner(options);
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadInt32() != SnapshotMagic)
            {
                throw new InvalidDataException("Not a template miner snapshot (bad magic number).");
            }
            var version = reader.ReadInt32();
            if (version != SnapshotVersion)
            {
                throw new InvalidDataException($"Unsupported template snapshot version {version}; this build reads version {SnapshotVersion}.");
            }

            var nextId = reader.ReadInt32();
            var count = reader.ReadInt32();
            if (nextId < 1 || count < 0 || count >= nextId)
            {
                throw new InvalidDataException($"Inconsistent snapshot header: next id {nextId}, {count} templates.");
            }

            for (var t = 0; t < count; t++)
            {
                var id = reader.ReadInt32();
                var seen = reader.ReadInt64();
                var tokenCount = reader.ReadInt32();
                if (id < 1 || id >= nextId || seen < 0 || tokenCount < 0 || tokenCount > miner.options.MaxMessageLength)
                {
                    throw new InvalidDataException($"Template {t} of the snapshot is invalid (id {id}, count {seen}, {tokenCount} tokens).");
                }
                var tokens = new string[tokenCount];
                var kinds = new TokenKind[tokenCount];
                for (var k = 0; k < tokenCount; k++)
                {
                    var kind = reader.ReadByte();
                    if (kind > (byte)TokenKind.WordSlot)
                    {
                        throw new InvalidDataException($"Template {id} of the snapshot has an unknown token kind {kind}.");
                    }
                    kinds[k] = (TokenKind)kind;
                    tokens[k] = reader.ReadString();
                }

                var template = new LogTemplate(new TemplateId(id), tokens, kinds, TemplateIndex.KeyOf(tokens, kinds)) { Count = seen };
                if (!miner.templates.TryAdd(template.Id, template))
                {
                    throw new InvalidDataException($"Template id {id} appears twice in the snapshot.");
                }
                miner.index.Add(template);
                miner.recency.AddFirst(template.Recency);
            }

            miner.nextId = nextId;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The template snapshot is truncated.", e);
        }

        while (miner.templates.Count > miner.options.MaxTemplates)
        {
            miner.Evict();
        }
        return miner;
    }

    private MiningResult ProcessNew(string masked)
    {
        var tokens = masked.Length == 0 ? [] : masked.Split(' ');
        var kinds = VariableMasker.Classify(tokens);
        var key = TemplateIndex.KeyOf(tokens, kinds);
        var (best, change) = FindBest(index.Find(key), tokens, kinds);
        if (best is null)
        {
            // Templates where a word of this message is already a slot ("Invalid user <*> from <*>").
            for (var blank = 0; blank < tokens.Length && best is null; blank++)
            {
                if (kinds[blank] == TokenKind.Word && index.HasSlotSkeleton(TemplateIndex.HashOf(tokens, kinds, blank)))
                {
                    (best, change) = FindBest(index.Find(TemplateIndex.KeyOf(tokens, kinds, blank)), tokens, kinds);
                }
            }
        }

        LogTemplate? evicted = null;
        IReadOnlyList<LogTemplate>? absorbed = null;
        if (best is null)
        {
            if (templates.Count >= options.MaxTemplates)
            {
                evicted = Evict();
            }
            best = new LogTemplate(new TemplateId(nextId++), tokens, kinds, key);
            templates.Add(best.Id, best);
            index.Add(best);
            recency.AddFirst(best.Recency);
            change = TemplateChange.Created;
            if (MergeWordVariants(best) is { } merge)
            {
                (best, absorbed) = merge;
                change = TemplateChange.Generalized;
            }
        }
        else
        {
            Touch(best);
        }

        best.Count++;
        if (cache.Count >= options.MaxCacheEntries)
        {
            cache.Clear();
        }
        cache[masked] = best;
        return new MiningResult(best, change, evicted, absorbed);
    }

    /// <summary>
    /// When <paramref name="created"/> is the <see cref="TemplateMinerOptions.WordVariants"/>-th template that differs from its
    /// siblings in the word at one position only, that word is a value (a user name): the siblings merge into the oldest one.
    /// </summary>
    private (LogTemplate Survivor, IReadOnlyList<LogTemplate> Absorbed)? MergeWordVariants(LogTemplate created)
    {
        foreach (var neighbour in TemplateIndex.NeighbourHashes(created.TokenArray, created.Kinds))
        {
            var family = index.Siblings(neighbour);
            if (family is null || family.Count < options.WordVariants)
            {
                continue;
            }

            var compatible = new List<LogTemplate>();
            foreach (var sibling in family)
            {
                var fit = Alignment.Compare(created.TokenArray, created.Kinds, sibling.TokenArray, sibling.Kinds);
                if (ReferenceEquals(sibling, created)
                    || (fit.WordDifferences == 1 && !fit.Blocked && fit.Same >= options.NameSimilarityThreshold * fit.Total))
                {
                    compatible.Add(sibling);
                }
            }
            if (compatible.Count < options.WordVariants)
            {
                continue;
            }

            compatible.Sort((a, b) => a.Id.Value.CompareTo(b.Id.Value));
            var survivor = compatible[0];
            index.Remove(survivor);
            var (pattern, patternKinds) = (survivor.TokenArray, survivor.Kinds);
            foreach (var other in compatible.Skip(1))
            {
                (pattern, patternKinds) = Alignment.Merge(other.TokenArray, other.Kinds, pattern, patternKinds);
                index.Remove(other);
                templates.Remove(other.Id);
                recency.Remove(other.Recency);
                other.MergedInto = survivor;
                survivor.Count += other.Count;
            }
            survivor.Replace(pattern, patternKinds);
            survivor.IndexKey = TemplateIndex.KeyOf(pattern, patternKinds);
            index.Add(survivor);
            Touch(survivor);
            return (survivor, compatible.GetRange(1, compatible.Count - 1));
        }
        return null;
    }

    private (LogTemplate? Template, TemplateChange Change) FindBest(List<LogTemplate>? candidates, string[] tokens, TokenKind[] kinds)
    {
        if (candidates is null)
        {
            return (null, TemplateChange.None);
        }

        LogTemplate? best = null;
        var bestFit = default(Alignment.Fit);
        foreach (var candidate in candidates)
        {
            var fit = Alignment.Compare(tokens, kinds, candidate.TokenArray, candidate.Kinds);
            if (fit.WordDifferences > 0 || fit.Blocked)
            {
                continue;
            }
            if (!fit.Changes)
            {
                return (candidate, TemplateChange.None);
            }

            // A merge must leave a literal token; enough of the message must agree, and more of it when a name differs.
            var enough = fit.Literals > 0
                && fit.Same >= options.SimilarityThreshold * fit.Total
                && (fit.IdentifierDifferences == 0 || fit.Same >= options.NameSimilarityThreshold * fit.Total);
            if (enough && (best is null || (long)fit.Same * bestFit.Total > (long)bestFit.Same * fit.Total))
            {
                best = candidate;
                bestFit = fit;
            }
        }

        if (best is null)
        {
            return (null, TemplateChange.None);
        }

        var (pattern, patternKinds) = Alignment.Merge(tokens, kinds, best.TokenArray, best.Kinds);
        best.Replace(pattern, patternKinds);
        return (best, TemplateChange.Generalized);
    }

    private void Touch(LogTemplate template)
    {
        if (recency.First != template.Recency)
        {
            recency.Remove(template.Recency);
            recency.AddFirst(template.Recency);
        }
    }

    private LogTemplate Evict()
    {
        var victim = recency.Last!.Value;
        recency.RemoveLast();
        templates.Remove(victim.Id);
        index.Remove(victim);
        victim.IsEvicted = true;
        EvictedCount++;
        return victim;
    }
}
