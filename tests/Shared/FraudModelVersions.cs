using System.Text.Json;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.ModelRegistry.Client;

namespace Reference.Tests.Shared;

// What the training runner registers with a fraud model it trained: the signature in the registry's types and the
// lineage of the card_txn_stats view (confidential, EU), for models trained in-process by tests.
public static class FraudModelVersions
{
    public static VersionMetadata Metadata(Model model, JsonElement? dataProfile = null) => new(
        Algorithm: model.Algorithm,
        Metrics: new Dictionary<string, double> { ["auc"] = 0.9 },
        Signature: new ModelRegistry.Client.ModelSignature(
            [.. model.Signature.Inputs.Select(i => new SignatureField(i.Name, TypeName(i.Type)))],
            [new SignatureField(model.Signature.Output.Name, "float64")]),
        DataProfile: dataProfile,
        Lineage: new ModelLineage(FeatureViews: [new FeatureViewReference(FraudDefinitions.View, 1)], Classification: "confidential", Residency: "eu"));

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Categorical => "string",
        ColumnType.Int64 => "int64",
        _ => "float64",
    };
}
