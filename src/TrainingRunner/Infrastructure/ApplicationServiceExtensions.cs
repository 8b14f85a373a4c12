using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Queue;
using Reference.TrainingRunner.Runs;
using Reference.TrainingRunner.RunOnce;
using Reference.TrainingRunner.Triggers;
using Reference.TrainingRunner.UseCases;
using Reference.TrainingRunner.Workers;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    public const string DatabaseName = "trainingdb";

    // The API, and a worker of Training:Worker:Pool when the process is configured as one (or a run-once job).
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(DatabaseName);
        builder.AddSchemaMigrations(DatabaseName, typeof(Program).Assembly);
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, TrainingJsonContext.Default));
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName);

        builder.Services.AddHttpClient<FeatureStoreGateway>(client => client.BaseAddress = new Uri("http://feature-store/"));
        builder.Services.AddHttpClient<RegistryPublisher>(client => client.BaseAddress = new Uri("http://model-registry/"));
        builder.Services.AddSingleton<DelegatedTokenIssuer>();
        builder.Services.AddTransient<TrainingDataPlanner>();
        builder.Services.AddTransient<TrainingRun>();
        builder.Services.AddTransient<JobAdmission>();
        builder.Services.AddSingleton<JobSubmitter>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<PoolDirectory>();
        builder.Services.AddSingleton<UseCaseCatalog>();
        builder.Services.AddTransient<DriftRetrainer>();
        builder.Services.AddSingleton<JobEventSignal>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JobEventSignal>());
        builder.Services.AddSingleton<AttemptRunner>();

        var training = builder.Configuration.GetSection(TrainingOptions.SectionName);
        if (training.GetValue("Job:RunOnce", false))
        {
            // The published Kubernetes Job: one use case's training, then exit (no pool loops, no schedules).
            builder.Services.AddSingleton<RunOnceSubmission>();
            builder.Services.AddHostedService<RunOnceJob>();
        }
        else if (training.GetSection("Worker:Pool").Value is { Length: > 0 })
        {
            builder.Services.AddHostedService<PoolWorker>();
        }
        else if (training.GetValue("RunSchedules", true))
        {
            builder.Services.AddHostedService<TrainingSchedules>();
        }
        return builder;
    }
}
