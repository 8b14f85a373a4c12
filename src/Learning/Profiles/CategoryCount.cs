namespace Reference.Learning.Profiles;

/// <summary>How many training rows had one category.</summary>
public sealed record CategoryCount(string Value, long Count);
