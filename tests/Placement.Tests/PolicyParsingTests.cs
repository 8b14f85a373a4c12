using Reference.Placement.Clusters;
using Reference.Placement.Configuration;
using Reference.Placement.Datasets;
using Reference.Placement.Policies;
using Reference.Placement.Workloads;

namespace Reference.Placement.Tests;

public class PolicyParsingTests
{
    [Fact]
    public void A_policies_file_reads_into_named_rules()
    {
        var policies = PolicySet.Parse("""
            rules:
              - name: restricted-stays-on-prem
                description: Restricted data never leaves our data centres.
                when: {classificationAtLeast: restricted}
                require: {provider: onprem}
              - name: payments-not-on-gcp
                when:
                  workload: [payments-*, ledger]
                  kind: service
                forbid:
                  provider: gcp
                  jurisdiction: [sg]
              - name: eu-residency
                when: {residency: eu}
                require: {jurisdiction: [eu, ch]}
            """);

        Assert.Equal(["restricted-stays-on-prem", "payments-not-on-gcp", "eu-residency"], policies.Rules.Select(r => r.Name));
        Assert.Equal(DataClassification.Restricted, policies.Rules[0].When.ClassificationAtLeast);
        Assert.Equal([CloudProvider.OnPrem], policies.Rules[0].Require!.Providers);
        Assert.Equal(["payments-*", "ledger"], policies.Rules[1].When.Workloads);
        Assert.Equal([WorkloadKind.Service], policies.Rules[1].When.Kinds);
        Assert.Equal(["sg"], policies.Rules[1].Forbid!.Jurisdictions);
        Assert.Equal(["eu", "ch"], policies.Rules[2].Require!.Jurisdictions);
    }

    [Fact]
    public void Workload_name_patterns_match_with_stars()
    {
        var policies = PolicySet.Parse("""
            rules:
              - name: payments-not-on-gcp
                when: {workload: "pay*-api"}
                forbid: {provider: gcp}
            """);
        var problem = SampleTopology.With(SampleTopology.Service("payments-api"), SampleTopology.Service("pay-web")) with { Policies = policies };

        var plan = PlacementEngine.Solve(problem);

        Assert.Contains(plan.Workload("payments-api").Rejections, r => r.Constraint == "payments-not-on-gcp" && r.Detail.StartsWith("workload matches pay*-api", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Workload("pay-web").Rejections, r => r.Constraint == "payments-not-on-gcp");
    }

    [Theory]
    [InlineData("rules:\n  - name: a\n    requires: {provider: onprem}\n", 3, "rules[0].requires", "unknown field 'requires'; expected one of name, description, when, require, forbid")]
    [InlineData("rules:\n  - name: a\n    require: {provider: [onprem, gpc]}\n", 3, "rules[0].require.provider[1]", "unknown value 'gpc'; expected aws, gcp, azure or onprem")]
    [InlineData("rules:\n  - name: a\n    when: {classificationAtLeast: secret}\n    require: {provider: onprem}\n", 3, "rules[0].when.classificationAtLeast", "unknown classification 'secret'")]
    [InlineData("rules:\n  - description: no name\n    require: {provider: onprem}\n", 2, "rules[0].name", "required field is missing")]
    [InlineData("rules:\n  - name: a\n    when: {kind: job}\n", 2, "rules[0]", "has neither require nor forbid")]
    [InlineData("rules:\n  - name: a\n    require: {}\n", 3, "rules[0].require", "lists no clusters")]
    [InlineData("rules:\n  - name: a\n    require: {provider: onprem}\n  - name: a\n    forbid: {provider: gcp}\n", 4, "rules[1].name", "rule 'a' is defined twice")]
    [InlineData("rules:\n  - name: Not_Valid\n    require: {provider: onprem}\n", 2, "rules[0].name", "rule name 'Not_Valid' is not valid")]
    [InlineData("rules:\n  - name: a\n    require: {provider: onprem\n", 4, "", "not valid YAML")]
    [InlineData("rule:\n  - name: a\n", 1, "rule", "unknown field 'rule'; expected one of rules")]
    public void Errors_name_file_line_field_and_what_is_expected(string yaml, int line, string field, string problem)
    {
        var error = Assert.Throws<PlacementConfigurationException>(() => PolicySet.Parse(yaml, "deploy/policies.yaml"));

        Assert.Equal("deploy/policies.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"deploy/policies.yaml:{line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_has_no_rules()
    {
        Assert.Empty(PolicySet.Parse("").Rules);
        Assert.Empty(PolicySet.Parse("rules: []").Rules);
    }
}
