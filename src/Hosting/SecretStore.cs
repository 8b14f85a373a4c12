using System.Security.Cryptography;
using System.Text.Json;

namespace Reference.Hosting;

/// <summary>Generated secrets for local runs, kept in the state folder (mode 0600) so data folders stay usable across runs.</summary>
internal sealed class SecretStore(string path)
{
    private readonly Lock gate = new();

    public string GetOrCreate(string name)
    {
        lock (gate)
        {
            var secrets = Load();
            if (secrets.TryGetValue(name, out var existing))
            {
                return existing;
            }

            var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            secrets[name] = value;
            StateFiles.WritePrivate(path, JsonSerializer.Serialize(secrets, new JsonSerializerOptions { WriteIndented = true }));
            return value;
        }
    }

    public string? TryGet(string name)
    {
        lock (gate)
        {
            return Load().GetValueOrDefault(name);
        }
    }

    private SortedDictionary<string, string> Load() =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path)) ?? []
            : [];
}
