namespace Reference.Learning.Models;

/// <summary>The model's output: "probability" (positive class) for binary classification, "prediction" for regression.</summary>
public sealed record SignatureOutput(string Name, string Type)
{
    internal static SignatureOutput For(ModelTask task) =>
        task == ModelTask.BinaryClassification ? new("probability", "float64") : new("prediction", "float64");
}
