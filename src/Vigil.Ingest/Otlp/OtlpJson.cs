using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Google.Protobuf;
using Vigil.Core.Ingest;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// OTLP's JSON encoding, for every signal type: a first pass with the BCL's reader finds invalid UTF-8 and syntax
/// errors and says where (the protobuf JSON parser only says what), then Google.Protobuf's parser, unknown fields
/// ignored, builds the message.
/// </summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static bool TryParse<T>(ReadOnlySpan<byte> body, [NotNullWhen(true)] out T? request, [NotNullWhen(false)] out IngestError? error)
        where T : class, IMessage<T>, new()
    {
        var name = typeof(T).Name;
        request = null;
        if (!Utf8.IsValid(body))
        {
            error = IngestError.Malformed($"JSON body is not valid UTF-8 at byte {InvalidUtf8Offset(body)}");
            return false;
        }
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 128 });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            error = IngestError.Malformed($"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line (byte {reader.BytesConsumed} of the body): {FirstSentence(e.Message)}");
            return false;
        }
        if (reader.BytesConsumed == 0)
        {
            error = IngestError.Malformed($"empty JSON body: expected an {name} object");
            return false;
        }
        try
        {
            request = Parser.Parse<T>(Encoding.UTF8.GetString(body));
            error = null;
            return true;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            error = IngestError.Malformed($"JSON body is not an OTLP {name}: {e.Message}");
            return false;
        }
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length && Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }
        return offset;
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 5." — said better above.
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
