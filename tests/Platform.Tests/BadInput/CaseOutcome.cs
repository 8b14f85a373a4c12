namespace Reference.Platform.Tests.BadInput;

// How a service answered one case, and what is wrong with that answer (null: a 4xx problem, or an accepted case
// whose input AcceptedInputs says is valid).
public sealed record CaseOutcome(BadInputCase Case, int? Status, string? ContentType, string Body, string? Error)
{
    public string? Failure
    {
        get
        {
            if (Error is not null)
            {
                return $"no answer: {Error}";
            }
            if (Status is >= 500)
            {
                return $"{Status} server error";
            }
            if (Status is < 400)
            {
                return AcceptedInputs.Reason(Case) is null ? $"{Status}: accepted bad input" : null;
            }
            if (Status is 401 or 403)
            {
                return $"{Status}: refused an admin with full clearance, so validation was not tested";
            }
            return RefusalShapes.Check(Case, Status!.Value, ContentType, Body);
        }
    }

    public override string ToString() =>
        $"{Case} -> {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {Failure} {Body[..Math.Min(Body.Length, 300)]}";
}
