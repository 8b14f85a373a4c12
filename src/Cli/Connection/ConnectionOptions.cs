namespace Reference.Cli.Connection;

// What the user gave on the command line about where the platform is and who they are.
public sealed record ConnectionOptions(IReadOnlyList<string> Endpoints, string? Token, string? StateDirectory);
