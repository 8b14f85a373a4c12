namespace Reference.TrainingRunner.Tests.Support;

// HS256 tokens signed with the key the fixture gives the AppHost, as the platform's local issuer makes them.
internal static class TestTokens
{
    public const string SigningKey = "training-runner-tests-signing-key-0123456789-0123456789-abcdefgh";

    public static string Create(string role, string subject, string clearance) =>
        Reference.Hosting.Testing.PlatformTokens.Create(SigningKey, role, subject, clearance);
}
