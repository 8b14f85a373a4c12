namespace Reference.Learning.Models;

/// <summary>A model artifact could not be loaded; <see cref="Error"/> says why in a form code can branch on.</summary>
public sealed class ModelFormatException(ModelFormatError error, string message, Exception? innerException = null)
    : FormatException(message, innerException)
{
    public ModelFormatError Error { get; } = error;
}
