using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Reference.ModelRegistry.OpenApi;

// Describes POST /api/models/{name}/versions as what it is: multipart/form-data with a "metadata" part (JSON,
// the VersionMetadata schema) followed by an "artifact" part (the model file as bytes). The endpoint reads the
// body itself (it streams), so the generator only knows the metadata type from Accepts<VersionMetadata>.
internal static class VersionUploadOperation
{
    public const string OperationId = "CreateVersion";

    public static OpenApiOptions DescribeVersionUpload(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, cancellationToken) =>
    {
        if (operation.OperationId != OperationId
            || operation.RequestBody?.Content is not { } content
            || !content.TryGetValue("multipart/form-data", out var multipart)
            || multipart.Schema is not { } metadataSchema)
        {
            return Task.CompletedTask;
        }
        multipart.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "metadata", "artifact" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["metadata"] = metadataSchema,
                ["artifact"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = "The model file, streamed; at most Artifacts:MaxBytes (default 512 MiB, else 413). The server computes its SHA-256.",
                },
            },
        };
        multipart.Encoding = new Dictionary<string, OpenApiEncoding>
        {
            ["metadata"] = new() { ContentType = "application/json" },
            ["artifact"] = new() { ContentType = "application/octet-stream" },
        };
        operation.Description =
            "Parts in this order: 'metadata' (JSON) then 'artifact' (bytes). Send the expected SHA-256 as a 'Digest: sha-256=<base64>' header " +
            "or metadata.expectedSha256 to have a mismatch refused with 422. Takes Idempotency-Key. 429 with Retry-After when the replica is saturated.";
        return Task.CompletedTask;
    });
}
