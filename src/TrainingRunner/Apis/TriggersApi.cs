using Reference.ServiceDefaults;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Triggers;

namespace Reference.TrainingRunner.Apis;

public static class TriggersApi
{
    public static IEndpointRouteBuilder MapTriggersApi(this IEndpointRouteBuilder app)
    {
        var triggers = app.MapGroup("/api/triggers").WithTags("Triggers");
        triggers.MapPost("/drift", (DriftTriggerRequest? request, HttpContext http, DriftRetrainer retrainer, CancellationToken cancellationToken) =>
                retrainer.TriggerAsync(request, http.User, cancellationToken))
            .RequireAnyRole(Roles.Service, Roles.MlEngineer)
            .Produces<DriftTriggerResult>(StatusCodes.Status202Accepted)
            .Produces<DriftTriggerResult>(StatusCodes.Status200OK);
        return app;
    }
}
