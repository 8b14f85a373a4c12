using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Reference.ServiceDefaults;

// Collects per-field messages and turns them into a 400 validation problem:
//   var errors = new ValidationErrors();
//   if (name is null) errors.Add("name", "Name is required.");
//   if (!errors.IsEmpty) return errors.ToProblem();
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        return this;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);

    public ValidationProblem ToProblem(string? detail = null) =>
        TypedResults.ValidationProblem(ToDictionary(), detail: detail, title: "One or more fields are invalid");
}
