using System.Text;
using System.Text.Json;
using Vigil.Core.Series;

namespace Vigil.Storage.Sqlite;

/// <summary>Labels and string maps as small JSON objects in a TEXT column (signals, topology, changes).</summary>
internal static class LabelsJson
{
    public static string ToJson(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static string ToJson(Labels labels)
    {
        var pairs = new List<KeyValuePair<string, string>>(labels.Count);
        foreach (var label in labels.AsSpan())
        {
            pairs.Add(new(label.Name, label.Value));
        }
        return ToJson(pairs);
    }

    public static Labels LabelsFromJson(string json)
    {
        var labels = new List<Label>();
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            labels.Add(new Label(property.Name, property.Value.GetString() ?? ""));
        }
        return Labels.From([.. labels]);
    }
}
