namespace Reference.Placement;

/// <summary>
/// The problem handed to the engine is malformed (unknown names, impossible numbers), as opposed
/// to well-formed but unsatisfiable (<see cref="PlacementInfeasibleException"/>).
/// </summary>
public sealed class PlacementInputException : Exception
{
    public PlacementInputException(IReadOnlyList<string> errors)
        : base("The placement input is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
