namespace Reference.Platform.Tests.Security;

// Who may call what, written out from CONVENTIONS.md (roles; /health, /alive and /v2/health/* anonymous) and each
// service's README, not read back from the code. admin may call everything (ServiceDefaults' policies let it pass
// every one). Operations that a service adds must be added here: the test fails on an operation this table lacks.
public static class RolePermissions
{
    public const string Viewer = "viewer";
    public const string DataScientist = "data-scientist";
    public const string MlEngineer = "ml-engineer";
    public const string Approver = "approver";
    public const string Admin = "admin";
    public const string Service = "service";

    public static readonly string[] Roles = [Viewer, DataScientist, MlEngineer, Approver, Admin, Service];

    private static readonly string[] AnyRole = Roles;
    private static readonly string[] Authors = [DataScientist, MlEngineer];
    private static readonly string[] AuthorsAndServices = [DataScientist, MlEngineer, Service];
    private static readonly string[] Engineers = [MlEngineer];
    private static readonly string[] EngineersAndServices = [MlEngineer, Service];
    private static readonly string[] Approvers = [Approver];
    private static readonly string[] AdminOnly = [];

    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>
    {
        // Model registry: people author models and versions; the training runner (service) uploads versions and moves
        // its own alias; an approver decides promotions and reads the audit trail; only admin sets promotion policies.
        ["model-registry GET /api/events"] = AnyRole,
        ["model-registry POST /api/models"] = Authors,
        ["model-registry GET /api/models"] = AnyRole,
        ["model-registry GET /api/models/{name}"] = AnyRole,
        ["model-registry PATCH /api/models/{name}"] = Authors,
        ["model-registry DELETE /api/models/{name}"] = Engineers,
        ["model-registry POST /api/models/{name}/versions"] = AuthorsAndServices,
        ["model-registry GET /api/models/{name}/versions"] = AnyRole,
        ["model-registry GET /api/models/{name}/versions/{version}"] = AnyRole,
        ["model-registry PATCH /api/models/{name}/versions/{version}"] = Authors,
        ["model-registry GET /api/models/{name}/versions/{version}/artifact"] = AnyRole,
        ["model-registry GET /api/models/{name}/versions/{version}/lineage"] = AnyRole,
        ["model-registry GET /api/models/{name}/versions/{version}/data-profile"] = AnyRole,
        ["model-registry GET /api/models/{name}/aliases/{alias}"] = AnyRole,
        ["model-registry PUT /api/models/{name}/aliases/{alias}"] = EngineersAndServices,
        ["model-registry DELETE /api/models/{name}/aliases/{alias}"] = EngineersAndServices,
        ["model-registry GET /api/models/{name}/promotion-policy"] = AnyRole,
        ["model-registry PUT /api/models/{name}/promotion-policy"] = AdminOnly,
        ["model-registry POST /api/models/{name}/versions/{version}/promotions"] = Authors,
        ["model-registry GET /api/models/{name}/promotions"] = AnyRole,
        ["model-registry GET /api/promotions/{id}"] = AnyRole,
        ["model-registry POST /api/promotions/{id}/approve"] = Approvers,
        ["model-registry POST /api/promotions/{id}/reject"] = Approvers,
        ["model-registry GET /api/audit"] = Approvers,
        ["model-registry GET /api/audit/verify"] = Approvers,
        ["model-registry GET /api/2.0/mlflow/registered-models/get"] = AnyRole,
        ["model-registry GET /api/2.0/mlflow/registered-models/search"] = AnyRole,
        ["model-registry GET /api/2.0/mlflow/registered-models/get-latest-versions"] = AnyRole,
        ["model-registry POST /api/2.0/mlflow/registered-models/get-latest-versions"] = AnyRole,
        ["model-registry GET /api/2.0/mlflow/registered-models/alias"] = AnyRole,
        ["model-registry GET /api/2.0/mlflow/model-versions/get"] = AnyRole,
        ["model-registry GET /api/2.0/mlflow/model-versions/get-download-uri"] = AnyRole,

        // Feature store (src/FeatureStore/README.md's table): definitions by data scientists and ML engineers, read by
        // anyone; feature values (offline, online) and entity rows only by those who train and serve.
        ["feature-store PUT /api/entities/{name}"] = Authors,
        ["feature-store GET /api/entities/{name}"] = AnyRole,
        ["feature-store DELETE /api/entities/{name}"] = Authors,
        ["feature-store GET /api/entities"] = AnyRole,
        ["feature-store PUT /api/feature-views/{name}"] = Authors,
        ["feature-store GET /api/feature-views/{name}"] = AnyRole,
        ["feature-store DELETE /api/feature-views/{name}"] = Authors,
        ["feature-store GET /api/feature-views"] = AnyRole,
        ["feature-store GET /api/feature-views/{name}/versions"] = AnyRole,
        ["feature-store GET /api/feature-views/{name}/stats"] = AnyRole,
        ["feature-store PUT /api/feature-services/{name}"] = Authors,
        ["feature-store GET /api/feature-services/{name}"] = AnyRole,
        ["feature-store DELETE /api/feature-services/{name}"] = Authors,
        ["feature-store GET /api/feature-services"] = AnyRole,
        ["feature-store POST /api/feature-views/{name}/rows"] = Authors,
        ["feature-store POST /api/push/{view}"] = AuthorsAndServices,
        ["feature-store PUT /api/entity-sets/{name}"] = AuthorsAndServices,
        // An entity set's GET is its metadata (columns, row count), not its rows; `platform up` reads it as a viewer.
        ["feature-store GET /api/entity-sets/{name}"] = AnyRole,
        ["feature-store DELETE /api/entity-sets/{name}"] = AuthorsAndServices,
        ["feature-store GET /api/entity-sets"] = AnyRole,
        ["feature-store POST /api/historical-features"] = AuthorsAndServices,
        ["feature-store POST /api/materialize"] = AuthorsAndServices,
        ["feature-store POST /api/materialize-incremental"] = AuthorsAndServices,
        ["feature-store GET /api/materializations/{id}"] = AnyRole,
        ["feature-store GET /api/materializations"] = AnyRole,
        ["feature-store POST /api/online-features"] = AuthorsAndServices,

        // Training runner: jobs are submitted and cancelled by people who train and by the platform's own schedules
        // and triggers; drift alerts come from observability (service) or an ML engineer.
        ["training-runner GET /api/pools"] = AnyRole,
        ["training-runner POST /api/jobs"] = AuthorsAndServices,
        ["training-runner GET /api/jobs"] = AnyRole,
        ["training-runner POST /api/jobs/from-spec/{useCase}"] = AuthorsAndServices,
        ["training-runner GET /api/jobs/{id}"] = AnyRole,
        ["training-runner POST /api/jobs/{id}/cancel"] = AuthorsAndServices,
        ["training-runner GET /api/jobs/{id}/events"] = AnyRole,
        ["training-runner POST /api/triggers/drift"] = EngineersAndServices,

        // Serving: scores are model outputs, for any platform role (feature values echoed need clearance, tested apart).
        ["serving GET /v2"] = AnyRole,
        ["serving POST /api/predict/{model}"] = AnyRole,
        ["serving GET /v2/models/{name}"] = AnyRole,
        ["serving GET /v2/models/{name}/versions/{version}"] = AnyRole,
        ["serving GET /v2/models/{name}/ready"] = AnyRole,
        ["serving GET /v2/models/{name}/versions/{version}/ready"] = AnyRole,
        ["serving POST /v2/models/{name}/infer"] = AnyRole,
        ["serving POST /v2/models/{name}/versions/{version}/infer"] = AnyRole,

        // Observability: serving's prediction samples (service) or an ML engineer's; telemetry and drift for any role.
        ["observability POST /api/predictions"] = EngineersAndServices,
        ["observability GET /api/traces"] = AnyRole,
        ["observability GET /api/traces/{traceId}"] = AnyRole,
        ["observability GET /api/logs"] = AnyRole,
        ["observability GET /api/metrics"] = AnyRole,
        ["observability GET /api/metrics/{name}"] = AnyRole,
        ["observability GET /api/drift"] = AnyRole,
        ["observability GET /api/drift/triggers"] = AnyRole,
        ["observability GET /api/drift/{model}/versions/{version}"] = AnyRole,
    };

    public static bool MayCall(string operation, string role) => role == Admin || Allowed[operation].Contains(role);
}
