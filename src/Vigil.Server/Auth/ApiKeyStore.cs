using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Server.Auth;

/// <summary>A stored API key: its name, scopes and the SHA-256 of the secret (the secret itself is never stored).</summary>
/// <param name="Name">A label for people.</param>
/// <param name="Scopes">What it may do.</param>
/// <param name="Sha256">Hex SHA-256 of the token.</param>
/// <param name="Created">When it was made.</param>
public sealed record ApiKey(string Name, ApiScope Scopes, string Sha256, DateTimeOffset Created);

/// <summary>
/// API keys kept in <c>api-keys.json</c> in the data directory (mode 0600), created with <c>vigil keys create</c>.
/// Tokens look like <c>vigil_…</c> and are shown once.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "api-keys.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly string _path;
    private readonly Dictionary<string, ApiKey> _byHash;

    private ApiKeyStore(string path, List<ApiKey> keys)
    {
        _path = path;
        Keys = keys;
        _byHash = keys.ToDictionary(k => k.Sha256, StringComparer.Ordinal);
    }

    /// <summary>The keys.</summary>
    public IReadOnlyList<ApiKey> Keys { get; }

    /// <summary>Loads the keys of a data directory (none when the file is absent).</summary>
    public static ApiKeyStore Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return new ApiKeyStore(path, []);
        }
        try
        {
            var keys = JsonSerializer.Deserialize<List<ApiKey>>(File.ReadAllText(path), Json) ?? [];
            return new ApiKeyStore(path, keys);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid API key file: {e.Message}", e);
        }
    }

    /// <summary>Creates a key, saves it and returns the token (shown once).</summary>
    public string Create(string name, ApiScope scopes, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var token = "vigil_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var keys = Keys.Where(k => k.Name != name).Append(new ApiKey(name, scopes, Hash(token), now)).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var tmp = _path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(keys, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(tmp, _path, overwrite: true);
        return token;
    }

    /// <summary>The key a token belongs to, if any.</summary>
    public ApiKey? Find(string token) => _byHash.GetValueOrDefault(Hash(token));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
