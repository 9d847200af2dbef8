using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>What an <see cref="StringInterner"/> does to the text before it keeps it.</summary>
internal enum InternTransform
{
    /// <summary>Keep the text as it is.</summary>
    None,
    /// <summary>Replace characters outside <c>[a-zA-Z0-9_]</c> with <c>_</c> and prefix a leading digit with <c>_</c>.</summary>
    LabelName,
    /// <summary>Replace characters outside <c>[a-zA-Z0-9_:]</c> with <c>_</c> and prefix a leading digit with <c>_</c>.</summary>
    MetricName,
}

/// <summary>
/// A small direct-mapped cache from UTF-8 bytes to strings, so that label names and values that repeat across
/// series and requests (job, instance, mode="idle", …) are decoded and validated once and then shared.
/// A miss replaces whatever sat in the slot; memory stays bounded by the slot count. Not thread-safe: each decoder
/// thread holds its own (see the decoders' thread-static scratch state). Shared by the remote write and Influx decoders.
/// </summary>
internal sealed class StringInterner
{
    // Longer strings are rare (descriptions, URLs) and would churn the cache; they are decoded without caching.
    private const int MaxCachedBytes = 128;

    private static readonly SearchValues<char> LabelNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
    private static readonly SearchValues<char> MetricNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:0123456789");

    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly InternTransform _transform;

    public StringInterner(int slots, InternTransform transform = InternTransform.None)
    {
        if (!int.IsPow2(slots))
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "must be a power of two");
        }
        _entries = new Entry[slots];
        _mask = slots - 1;
        _transform = transform;
    }

    /// <summary>The string for <paramref name="utf8"/> (transformed), or null when the bytes are not valid UTF-8.</summary>
    public string? GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return Transform("");
        }
        if (utf8.Length > MaxCachedBytes)
        {
            return Utf8.IsValid(utf8) ? Transform(Encoding.UTF8.GetString(utf8)) : null;
        }
        var hash = XxHash3.HashToUInt64(utf8);
        ref var entry = ref _entries[(int)hash & _mask];
        if (entry.Hash == hash && entry.Utf8 is { } bytes && utf8.SequenceEqual(bytes))
        {
            return entry.Value;
        }
        if (!Utf8.IsValid(utf8))
        {
            return null;
        }
        var value = Transform(Encoding.UTF8.GetString(utf8));
        entry = new Entry(hash, utf8.ToArray(), value);
        return value;
    }

    private string Transform(string text) => _transform switch
    {
        InternTransform.LabelName => Sanitize(text, LabelNameChars),
        InternTransform.MetricName => Sanitize(text, MetricNameChars),
        _ => text,
    };

    /// <summary>Telegraf's convention for Prometheus names: invalid characters become <c>_</c>; a leading digit gets a <c>_</c> prefix.</summary>
    internal static string Sanitize(string text, SearchValues<char> allowed)
    {
        var leadingDigit = text.Length > 0 && char.IsAsciiDigit(text[0]);
        if (!leadingDigit && !text.AsSpan().ContainsAnyExcept(allowed))
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 1);
        if (leadingDigit)
        {
            sb.Append('_');
        }
        foreach (var c in text)
        {
            sb.Append(allowed.Contains(c) ? c : '_');
        }
        return sb.ToString();
    }

    private readonly record struct Entry(ulong Hash, byte[]? Utf8, string? Value);
}
