using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults;

// ASP.NET Core's request activity carries no tags without the instrumentation package, so this names it
// "{method} {route}" and adds the OpenTelemetry HTTP server attributes. Health probes arrive every few
// seconds: their activities (and any children) are not recorded.
internal sealed class HttpServerSpans : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (Activity.Current is not { Source.Name: "Microsoft.AspNetCore" } activity)
            {
                await nextMiddleware(context);
                return;
            }
            if (IsHealthProbe(context.Request.Path))
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                await nextMiddleware(context);
                return;
            }

            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                if (activity.IsAllDataRequested)
                {
                    Describe(activity, context);
                }
            }
        });
        next(app);
    };

    private static void Describe(Activity activity, HttpContext context)
    {
        var request = context.Request;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var status = context.Response.StatusCode;
        activity.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static bool IsHealthProbe(PathString path) =>
        path.Equals(Extensions.HealthEndpointPath) || path.Equals(Extensions.AlivenessEndpointPath);
}
