namespace Vigil.Logs.Mining;

/// <summary>Settings of a <see cref="TemplateMiner"/>. The defaults are the ones evaluated on loghub; there is no per-system tuning.</summary>
public sealed record TemplateMinerOptions
{
    /// <summary>
    /// The share of a message's tokens that must equal the template's (or meet a variable in it) for the message to join it.
    /// Words without digits or punctuation must always be equal; this only governs the other tokens. Default 0.5.
    /// </summary>
    public double SimilarityThreshold { get; init; } = 0.5;

    /// <summary>
    /// The share required instead of <see cref="SimilarityThreshold"/> when a differing token is a name (dotted, with colons or
    /// digits), not a value: "com.apple.A: long message" and "com.apple.B: long message" merge, short messages that differ in a
    /// name do not. Default 0.8.
    /// </summary>
    public double NameSimilarityThreshold { get; init; } = 0.8;

    /// <summary>
    /// How many templates that differ only in the word at one position make that word a value: the fifth user name in
    /// "Invalid user NAME from …" merges the five, while "VM Started/Paused/Resumed/Stopped" stay four kinds. Default 5.
    /// </summary>
    public int WordVariants { get; init; } = 5;

    /// <summary>Templates kept; past it the least recently used one is evicted. Default 50,000.</summary>
    public int MaxTemplates { get; init; } = 50_000;

    /// <summary>Masked messages remembered for the exact-match fast path; the cache starts over when full. Default 100,000.</summary>
    public int MaxCacheEntries { get; init; } = 100_000;

    /// <summary>Characters of a message considered; the rest is ignored for mining. Default 8,192.</summary>
    public int MaxMessageLength { get; init; } = 8_192;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(SimilarityThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SimilarityThreshold), SimilarityThreshold, "Must be within [0, 1].");
        }
        if (!(NameSimilarityThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NameSimilarityThreshold), NameSimilarityThreshold, "Must be within [0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(WordVariants, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTemplates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCacheEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessageLength);
    }
}
