namespace Reference.FeatureStore.Tests.Support;

// HS256 tokens as the AppHost's token verb mints them, signed with the key the test topology injects.
internal static class TestTokens
{
    public const string SigningKey = "feature-store-tests-signing-key-0123456789abcdef0123456789abcdef";

    public static string Create(string role, string clearance = "restricted", string subject = "tester") =>
        Reference.Hosting.Testing.PlatformTokens.Create(SigningKey, role, subject, clearance);
}
