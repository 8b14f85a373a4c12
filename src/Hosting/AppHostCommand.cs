namespace Reference.Hosting;

/// <summary>The verb given after `dotnet run --project AppHost --`: run (default), publish or token.</summary>
internal sealed record AppHostCommand(string Verb, IReadOnlyDictionary<string, string> Options, string[] ConfigurationArgs)
{
    public const string Run = "run";
    public const string Publish = "publish";
    public const string Token = "token";

    public DistributedApplicationOperation Operation =>
        Verb == Publish ? DistributedApplicationOperation.Publish : DistributedApplicationOperation.Run;

    public string? GetOption(string name) => Options.TryGetValue(name, out var value) ? value : null;

    public static AppHostCommand Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return new AppHostCommand(Run, new Dictionary<string, string>(), args);
        }

        var verb = args[0];
        if (verb is not (Run or Publish or Token))
        {
            throw new DistributedApplicationException($"Unknown command '{verb}'. Use one of: run (the default), publish, token.");
        }

        // Options of a verb are "--name value" pairs; they are not configuration.
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new DistributedApplicationException($"Unexpected argument '{args[i]}' for '{verb}': options look like --name value.");
            }

            var name = args[i][2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                options[name[..eq]] = name[(eq + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[name] = args[++i];
            }
            else
            {
                options[name] = "true";
            }
        }

        return new AppHostCommand(verb, options, verb == Run ? args[1..] : []);
    }
}
