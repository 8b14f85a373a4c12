using System.Text.RegularExpressions;

namespace Reference.Platform.Tests.Security;

// Collects where a secret value shows up: the exact values the test knows (signing key, server passwords, the bearer
// tokens it sent) and anything shaped like a JWT, which also catches the service tokens that services mint.
public sealed partial class SecretScanner
{
    private readonly Dictionary<string, string> secrets = new(StringComparer.Ordinal);

    public List<string> Hits { get; } = [];

    public int Scanned { get; private set; }

    public void Add(string name, string value)
    {
        // Short values would match by chance; every secret the platform makes is long.
        Assert.True(value.Length >= 16, $"secret {name} is too short to scan for");
        secrets[name] = value;
    }

    public IReadOnlyDictionary<string, string> Secrets => secrets;

    public void Scan(string where, string text)
    {
        Scanned++;
        foreach (var (name, value) in secrets)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                Hits.Add($"{where}: {name}");
            }
        }
        if (Jwt().Match(text) is { Success: true } jwt)
        {
            Hits.Add($"{where}: a JWT ({jwt.Value[..Math.Min(jwt.Value.Length, 40)]}…)");
        }
    }

    // header.payload.signature, each base64url; a JSON header starts "eyJ".
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();
}
