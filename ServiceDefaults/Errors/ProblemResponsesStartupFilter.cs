using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Reference.ServiceDefaults;

// Outermost middleware, whatever order the service adds its own: exceptions and empty error responses become problem+json.
internal sealed class ProblemResponsesStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        next(app);
    };
}
