using System.CommandLine;
using System.Globalization;
using Reference.Cli.Apply;
using Reference.Cli.Console;
using Reference.Cli.Ingest;
using Reference.Cli.Materialize;
using Reference.Cli.Predict;
using Reference.Cli.Promote;
using Reference.Cli.Specs;
using Reference.Cli.Status;
using Reference.Cli.Train;
using Reference.Cli.Up;

namespace Reference.Cli;

// The `platform` command line: one verb per step of a use case's loop, and `up` for the whole loop.
public static class PlatformCommand
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment, Terminal terminal, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        var options = new GlobalOptions(environment, terminal, error);
        var root = Create(options);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync("error: " + problem.Message);
            }

            var verb = parse.CommandResult.Command == root ? "" : " " + parse.CommandResult.Command.Name;
            await error.WriteLineAsync($"Run `platform{verb} --help` for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    public static RootCommand Create(GlobalOptions options)
    {
        var root = new RootCommand("The AI platform's command line: apply a use case, load its data, train, promote and score.");
        options.AddTo(root);
        root.Subcommands.Add(Apply(options));
        root.Subcommands.Add(Ingest(options));
        root.Subcommands.Add(Materialize(options));
        root.Subcommands.Add(Train(options));
        root.Subcommands.Add(Promote(options));
        root.Subcommands.Add(Approve(options));
        root.Subcommands.Add(Predict(options));
        root.Subcommands.Add(Status(options));
        root.Subcommands.Add(Up(options));
        return root;
    }

    private static Argument<string> SpecArgument() => new("spec") { Description = "A usecase.yaml (or its folder), or the name of a use case shipped with the CLI, e.g. fraud." };

    private static Option<int?> RowsOption() => new("--rows") { Description = "Sample rows to generate (default: the spec's sampleData.rows)." };

    private static Option<int?> SeedOption() => new("--seed") { Description = "Sample data seed (default: the spec's sampleData.seed)." };

    private static Option<int?> TreesOption() => new("--trees") { Description = "Override hyperparameters.trees (fewer trees train faster)." };

    private static Option<string[]> HyperparameterOption() => new("--hyperparameter")
    {
        Description = "Override a hyperparameter, as name=value (repeatable), e.g. --hyperparameter maxDepth=4.",
        DefaultValueFactory = _ => [],
    };

    private static Command Apply(GlobalOptions options)
    {
        var spec = SpecArgument();
        var command = new Command("apply", "Apply a use case's entities, feature views and feature services, and register its model with the promotion gates.") { spec };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) => new DefinitionPublisher(context).ApplyAsync(SpecReader.Load(parse.GetValue(spec)!), token), ct));
        return command;
    }

    private static Command Ingest(GlobalOptions options)
    {
        var (spec, rows, seed) = (SpecArgument(), RowsOption(), SeedOption());
        var command = new Command("ingest", "Generate the use case's sample data and load it into the feature store's offline tables.") { spec, rows, seed };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) =>
            new SampleIngestion(context).IngestAsync(SpecReader.Load(parse.GetValue(spec)!), parse.GetValue(rows), parse.GetValue(seed), token), ct));
        return command;
    }

    private static Command Materialize(GlobalOptions options)
    {
        var spec = SpecArgument();
        var start = new Option<DateTimeOffset?>("--start") { Description = "Oldest event time to materialize (default: all)." };
        var end = new Option<DateTimeOffset?>("--end") { Description = "Newest event time to materialize (default: now)." };
        var command = new Command("materialize", "Copy the latest feature values of the served views to the online store, and follow the job.") { spec, start, end };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) =>
            new Materialization(context).RunAsync(SpecReader.Load(parse.GetValue(spec)!), parse.GetValue(start), parse.GetValue(end), token), ct));
        return command;
    }

    private static Command Train(GlobalOptions options)
    {
        var (spec, trees, hyperparameters) = (SpecArgument(), TreesOption(), HyperparameterOption());
        var command = new Command("train", "Submit the use case's training job and follow it until the version is registered.") { spec, trees, hyperparameters };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) =>
            new TrainingJobs(context).TrainAsync(SpecReader.Load(parse.GetValue(spec)!), Overrides(parse.GetValue(hyperparameters), parse.GetValue(trees)), token), ct));
        return command;
    }

    private static Command Promote(GlobalOptions options)
    {
        var model = new Argument<string>("model") { Description = "The registered model, e.g. fraud-detector." };
        var version = new Argument<int>("version") { Description = "The version to promote." };
        var alias = new Option<string>("--alias") { Description = "The alias to move.", DefaultValueFactory = _ => "champion" };
        var environment = new Option<string>("--environment") { Description = "Where the alias applies.", DefaultValueFactory = _ => "production" };
        var reason = new Option<string?>("--reason") { Description = "Why, for the approvers and the audit log." };
        var command = new Command("promote", "Ask for a version to become champion (or another alias); its gates are checked now, and an approver decides.")
        {
            model, version, alias, environment, reason,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(version) < 1)
            {
                result.AddError($"version is {result.GetValue(version)}; versions start at 1.");
            }
        });
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) =>
            new Promotions(context).RequestAsync(parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(alias)!, parse.GetValue(environment)!, parse.GetValue(reason), token), ct));
        return command;
    }

    private static Command Approve(GlobalOptions options)
    {
        var id = new Argument<long>("promotion") { Description = "The promotion request's id (see `platform promote` or the training job's result)." };
        var comment = new Option<string?>("--comment") { Description = "The approver's comment, for the audit log." };
        var command = new Command("approve", "Approve a pending promotion as an approver (locally: local-approver, never the requester).") { id, comment };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) => new Promotions(context).ApproveAsync(parse.GetValue(id), parse.GetValue(comment), token), ct));
        return command;
    }

    private static Command Predict(GlobalOptions options)
    {
        var model = new Argument<string>("model") { Description = "The served model, e.g. fraud-detector." };
        var entity = new Option<string[]>("--entity")
        {
            Description = "An entity to score, as joinKey=value (repeatable), e.g. --entity card_id=card-000042.",
            Required = true,
        };
        var command = new Command("predict", "Score entities by key through serving, with their features from the online store.") { model, entity };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) => new Predictions(context).PredictAsync(parse.GetValue(model)!, parse.GetValue(entity)!, token), ct));
        return command;
    }

    private static Command Status(GlobalOptions options)
    {
        var spec = new Argument<string?>("spec") { Description = "A use case to report on (optional).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show the services' health and, for a use case, its data, model versions, aliases and serving readiness.") { spec };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) =>
            new PlatformStatus(context).ShowAsync(parse.GetValue(spec) is { } name ? SpecReader.Load(name) : null, token), ct));
        return command;
    }

    private static Command Up(GlobalOptions options)
    {
        var (spec, rows, seed, trees, hyperparameters) = (SpecArgument(), RowsOption(), SeedOption(), TreesOption(), HyperparameterOption());
        var timeout = new Option<int>("--serving-timeout") { Description = "Seconds to wait for serving to load the champion.", DefaultValueFactory = _ => 600 };
        var command = new Command("up", "The whole loop once: apply, ingest the sample, materialize, train, approve the first version, wait for serving.")
        {
            spec, rows, seed, trees, hyperparameters, timeout,
        };
        command.SetAction((parse, ct) => options.RunAsync(parse, (context, token) =>
            new PlatformUp(context).RunAsync(SpecReader.Load(parse.GetValue(spec)!),
                new UpOptions(parse.GetValue(rows), parse.GetValue(seed), Overrides(parse.GetValue(hyperparameters), parse.GetValue(trees)), TimeSpan.FromSeconds(parse.GetValue(timeout))), token), ct));
        return command;
    }

    private static Dictionary<string, string> Overrides(string[]? pairs, int? trees)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator < 1)
            {
                throw new CliException($"--hyperparameter '{pair}' is not name=value; write it as --hyperparameter maxDepth=4.", ExitCodes.Usage);
            }

            overrides[pair[..separator]] = pair[(separator + 1)..];
        }

        if (trees is { } count)
        {
            overrides["trees"] = count.ToString(CultureInfo.InvariantCulture);
        }

        return overrides;
    }
}
