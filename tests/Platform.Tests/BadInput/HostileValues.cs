namespace Reference.Platform.Tests.BadInput;

// Values that an attacker or a broken client puts where a name or a number belongs, as they travel in a URL (already
// percent-encoded, including deliberately invalid encodings). Each has a label for the report.
public static class HostileValues
{
    private static readonly string Long = new('a', 10_000);

    public static readonly IReadOnlyList<(string Label, string Encoded)> Text =
    [
        ("path traversal", "..%2F..%2Fetc%2Fpasswd"),
        ("encoded dot segments", "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fshadow"),
        ("SQL injection", "'%3B%20DROP%20TABLE%20x%3B--"),
        ("shell substitution", "%24(rm%20-rf%20%2F)"),
        ("shell pipe and backticks", "%60id%60%7Ccat%20%2Fetc%2Fpasswd%26%26echo"),
        ("10k characters", Long),
        ("invalid percent-encoding", "%zz%G1%"),
        ("overlong UTF-8", "%C0%AF%C0%AE"),
        ("invalid UTF-8", "%FF%FE%FD"),
        ("NUL and control characters", "a%00b%0D%0Ac%1B"),
        ("unicode", "%E5%90%8D%E5%89%8D%F0%9F%92%A3%E2%80%AEtxt.exe"),
        ("whitespace only", "%20%20%09"),
        ("JSON fragment", "%7B%22%24where%22%3A%221%3D%3D1%22%7D"),
    ];

    public static readonly IReadOnlyList<(string Label, string Encoded)> Numbers =
    [
        ("negative", "-1"),
        ("minimum int64", "-9223372036854775808"),
        ("beyond int64", "99999999999999999999999999"),
        ("fraction", "1.5"),
        ("NaN", "NaN"),
        ("not a number", "abc"),
    ];

    // Every hostile value for a parameter of this schema: text values for all, number values for numbers as well.
    public static IEnumerable<(string Label, string Encoded)> For(SchemaShape schema) =>
        schema.Type is "integer" or "number" ? Numbers.Concat(Text) : Text.Concat(Numbers.Take(3));

    // What a parameter holds when another one is under test: well-formed, naming nothing that exists.
    public static string Plausible(SchemaShape schema) => schema.Type switch
    {
        "integer" or "number" => "987654321",
        _ when schema.Format == "uuid" => "00000000-0000-0000-0000-00000000abcd",
        _ => PlausibleValues.AbsentName,
    };
}
