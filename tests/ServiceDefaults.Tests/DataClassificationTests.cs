using System.Security.Claims;

namespace Reference.ServiceDefaults.Tests;

public sealed class DataClassificationTests
{
    [Theory]
    [InlineData("public", DataClassification.Public)]
    [InlineData("Internal", DataClassification.Internal)]
    [InlineData(" CONFIDENTIAL ", DataClassification.Confidential)]
    [InlineData("restricted", DataClassification.Restricted)]
    public void Names_parse_case_insensitively(string name, DataClassification expected)
    {
        Assert.True(DataClassificationNames.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.Equal(name.Trim().ToLowerInvariant(), parsed.ToName());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("secret")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_values_are_not_classifications(string? value)
    {
        Assert.False(DataClassificationNames.TryParse(value, out _));
    }

    [Fact]
    public void Parse_names_the_valid_values()
    {
        var failure = Assert.Throws<FormatException>(() => DataClassificationNames.Parse("secret"));
        Assert.Contains("public, internal, confidential or restricted", failure.Message);
    }

    [Fact]
    public void Clearance_covers_its_class_and_those_below()
    {
        var analyst = Principal(new Claim(PlatformClaims.Clearance, "internal"));

        Assert.Equal(DataClassification.Internal, analyst.GetClearance());
        Assert.True(analyst.HasClearanceFor(DataClassification.Public));
        Assert.True(analyst.HasClearanceFor(DataClassification.Internal));
        Assert.False(analyst.HasClearanceFor(DataClassification.Confidential));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("top-secret")]
    public void Without_a_valid_clearance_only_public_data_is_readable(string? clearance)
    {
        var caller = clearance is null ? Principal() : Principal(new Claim(PlatformClaims.Clearance, clearance));

        Assert.True(caller.HasClearanceFor(DataClassification.Public));
        Assert.False(caller.HasClearanceFor(DataClassification.Internal));
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
