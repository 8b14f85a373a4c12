namespace Reference.Learning.Trainers.Gbdt;

/// <summary>The best split found for a leaf: rows with bin ≤ <see cref="Bin"/> of <see cref="Feature"/> go left, missing rows go the default way.</summary>
internal readonly record struct SplitCandidate(
    int Feature,
    int Bin,
    bool DefaultLeft,
    double Gain,
    double LeftGradient,
    double LeftHessian,
    double LeftCount,
    double RightGradient,
    double RightHessian,
    double RightCount)
{
    public static SplitCandidate None { get; } = new(-1, 0, false, double.NegativeInfinity, 0, 0, 0, 0, 0, 0);

    public bool Exists => Feature >= 0;
}
