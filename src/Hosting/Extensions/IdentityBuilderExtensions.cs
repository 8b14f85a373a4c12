using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting;

/// <summary>Marks the parameter that signs local JWTs; the token command and every service read the same key.</summary>
public sealed record JwtSigningKeyAnnotation(string Issuer, string Audience) : IResourceAnnotation;

public static class IdentityBuilderExtensions
{
    public const string DefaultIssuer = "reference-platform";
    public const string DefaultAudience = "reference-platform";

    /// <summary>An HS256 signing key generated per local environment (Parameters:{name} overrides it).</summary>
    public static IResourceBuilder<ParameterResource> AddJwtSigningKey(this IDistributedApplicationBuilder builder, string name = "auth-signing-key") =>
        builder.AddParameter(name, secret: true)
            .WithAnnotation(new JwtSigningKeyAnnotation(
                builder.Configuration["Auth:Issuer"] ?? DefaultIssuer,
                builder.Configuration["Auth:Audience"] ?? DefaultAudience));

    /// <summary>Injects Auth__SigningKey, Auth__Issuer and Auth__Audience, which ServiceDefaults validates tokens with.</summary>
    public static IResourceBuilder<T> WithJwtSigningKey<T>(this IResourceBuilder<T> builder, IResourceBuilder<ParameterResource> signingKey) where T : IResource
    {
        if (!signingKey.Resource.TryGetLast<JwtSigningKeyAnnotation>(out var key))
        {
            throw new ArgumentException($"Parameter '{signingKey.Resource.Name}' is not a signing key; create it with AddJwtSigningKey.", nameof(signingKey));
        }

        return builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables["Auth__SigningKey"] = signingKey.Resource.GetValue(context.ExecutionContext);
            context.EnvironmentVariables["Auth__Issuer"] = key.Issuer;
            context.EnvironmentVariables["Auth__Audience"] = key.Audience;
        });
    }
}
