namespace Vigil.Core.Chunks;

/// <summary>What happened to a sample offered to a head chunk.</summary>
public enum ChunkAppendResult
{
    /// <summary>The sample was added.</summary>
    Appended,
    /// <summary>The sample repeats the last one (same timestamp, same value bits) and was ignored; replays land here.</summary>
    Duplicate,
    /// <summary>The timestamp is not after the last one (or repeats it with another value); nothing was added.</summary>
    OutOfOrder,
    /// <summary>The chunk holds <see cref="XorChunk.MaxSamples"/> samples; seal it and start another.</summary>
    Full,
}
