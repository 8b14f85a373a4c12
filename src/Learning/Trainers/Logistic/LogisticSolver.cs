namespace Reference.Learning.Trainers.Logistic;

public enum LogisticSolver
{
    /// <summary>Newton when the design is at most 64 columns wide, else L-BFGS.</summary>
    Auto,
    /// <summary>Newton–Raphson (IRLS) with a line search: few passes, each O(rows × width²).</summary>
    Newton,
    /// <summary>Limited-memory BFGS: more passes, each O(rows × width); for wide one-hot designs.</summary>
    Lbfgs,
}
