using Reference.Hosting.Commands;

namespace Reference.Hosting.Testing;

/// <summary>Tokens for tests, minted exactly as the AppHost's token verb mints them, signed with the key the test gave the topology.</summary>
public static class PlatformTokens
{
    public static string Create(string signingKey, string role, string subject, string? clearance = null, TimeSpan? lifetime = null) =>
        // Issued a minute back, so that a service whose clock is slightly behind does not see a token from the future.
        TokenCommand.Mint(signingKey, IdentityBuilderExtensions.DefaultIssuer, IdentityBuilderExtensions.DefaultAudience, subject, role, clearance,
            (lifetime ?? TimeSpan.FromHours(1)) + TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));
}
