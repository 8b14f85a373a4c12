using System.Diagnostics.CodeAnalysis;

namespace Reference.Learning.Trainers.Hyperparameters;

/// <summary>Either parsed, valid options or the per-field errors that prevented them.</summary>
public sealed class HyperparameterParseResult<TOptions>
    where TOptions : class
{
    internal HyperparameterParseResult(TOptions? options, IReadOnlyList<HyperparameterError> errors)
    {
        Options = errors.Count == 0 ? options : null;
        Errors = errors;
    }

    public TOptions? Options { get; }

    public IReadOnlyList<HyperparameterError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Options))]
    public bool IsValid => Options is not null;
}
