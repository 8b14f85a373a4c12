namespace Reference.Placement.Configuration;

/// <summary>
/// A clusters or policies file that cannot be used. Carries where the problem is (file, line,
/// column, field path such as <c>rules[2].require.provider</c>) so that the message points the
/// author at the exact place to change.
/// </summary>
public sealed class PlacementConfigurationException : Exception
{
    public PlacementConfigurationException(string file, int line, int column, string field, string problem)
        : base(Format(file, line, column, field, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    public string File { get; }

    /// <summary>1-based line of the offending node, 0 when the problem is not tied to a line.</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>Path of the field from the document root; empty for the document itself.</summary>
    public string Field { get; }

    /// <summary>What is wrong and what would be accepted, without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string file, int line, int column, string field, string problem)
    {
        var where = line > 0 ? $"{file}:{line}:{column}" : file;
        return field.Length > 0 ? $"{where}: {field}: {problem}" : $"{where}: {problem}";
    }
}
