using System.Net;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.Security;

// Each role can do exactly what RolePermissions says, on every documented operation of every service: an allowed
// call is never 401 or 403 (it may be 400 or 404: the requests name nothing and carry no usable body), a forbidden
// one is 403 problem+json.
[Collection(PlatformCollection.Name)]
public sealed class RoleTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_permission_table_names_every_documented_operation_and_nothing_else()
    {
        var documented = (await ApiOperation.ReadAllAsync(platform))
            .Where(o => !o.IsProbeOrDocument && !AuthenticationTests.AnonymousByDesign.Contains(o.Key)).Select(o => o.Key).ToHashSet();
        Assert.Empty(documented.Except(RolePermissions.Allowed.Keys).Order());
        Assert.Empty(RolePermissions.Allowed.Keys.Except(documented).Order());
    }

    [Fact]
    public async Task Every_role_gets_exactly_the_operations_the_table_allows()
    {
        var operations = (await ApiOperation.ReadAllAsync(platform)).Where(o => RolePermissions.Allowed.ContainsKey(o.Key)).ToList();
        var tokens = RolePermissions.Roles.ToDictionary(r => r, r => platform.Token(r, subject: $"security-{r}", clearance: "restricted"));
        var failures = new List<string>();
        foreach (var group in operations.GroupBy(o => o.Service))
        {
            using var client = platform.Client(group.Key);
            foreach (var operation in group)
            {
                foreach (var role in RolePermissions.Roles)
                {
                    using var response = await SecurityCalls.SendAsync(client, operation, tokens[role]);
                    var status = response.StatusCode;
                    var allowed = RolePermissions.MayCall(operation.Key, role);
                    if (allowed && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{operation} as {role}: allowed, but {(int)status} {await response.Content.ReadAsStringAsync()}");
                    }
                    else if (!allowed && (status != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                    {
                        failures.Add($"{operation} as {role}: forbidden, but {(int)status}");
                    }
                    else if ((int)status >= 500)
                    {
                        failures.Add($"{operation} as {role}: {(int)status} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} calls disagree with the permission table:\n{string.Join('\n', failures)}");
    }
}
