namespace Reference.Hosting;

/// <summary>The verb given after `dotnet run --project AppHost --`: run (default), publish or token.</summary>
internal sealed record AppHostCommand(string Verb, IReadOnlyDictionary<string, string> Options, string[] ConfigurationArgs)
{
    public const string Run = "run";
    public const string Publish = "publish";
    public const string Token = "token";

    /// <summary>The options each verb reads; every other argument of the verb is configuration.</summary>
    private static readonly Dictionary<string, string[]> KnownOptions = new(StringComparer.Ordinal)
    {
        [Publish] = ["output", "clusters", "deploy", "usecases", "namespace", "domain", "tag", "otlp-endpoint", "tls-secret"],
        [Token] = ["role", "clearance", "subject", "lifetime"],
    };

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

        if (verb == Run)
        {
            return new AppHostCommand(verb, new Dictionary<string, string>(), args[1..]);
        }

        // "--name value" or "--name=value". A name the verb knows is its option; a configuration key
        // (it has a section, "--Platform:Region=x") goes to configuration, as it would in run mode, so
        // that one AppHost setting can be changed for one publish. Anything else is most likely a typo
        // of an option, and silently ignoring it would publish something the user did not ask for.
        var known = KnownOptions[verb];
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var configuration = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new DistributedApplicationException($"Unexpected argument '{args[i]}' for '{verb}': options look like --name value, configuration like --Section:Key=value.");
            }

            var name = args[i][2..];
            var eq = name.IndexOf('=');
            var key = eq >= 0 ? name[..eq] : name;
            string value;
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                value = "true";
            }

            if (known.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                options[key] = value;
            }
            else if (key.Contains(':', StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal))
            {
                // As in environment variables, "__" separates sections.
                configuration.Add($"--{key.Replace("__", ":", StringComparison.Ordinal)}={value}");
            }
            else
            {
                throw new DistributedApplicationException(
                    $"Unknown option '--{key}' for '{verb}'. Options: {string.Join(", ", known.Select(o => "--" + o))}; " +
                    "configuration is given as --Section:Key=value (e.g. --Publish:Namespace=platform).");
            }
        }

        return new AppHostCommand(verb, options, configuration.ToArray());
    }
}
