using System.Text.RegularExpressions;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>Checks on the Bicep text under infra/: documentation, module wiring, and the security baseline.</summary>
public sealed partial class BicepTests
{
    private static readonly BicepFile Main = BicepFile.Load("infra/main.bicep");
    private static readonly BicepFile Storage = BicepFile.Load("infra/modules/storage.bicep");
    private static readonly BicepFile Monitoring = BicepFile.Load("infra/modules/monitoring.bicep");
    private static readonly BicepFile KeyVault = BicepFile.Load("infra/modules/keyvault.bicep");
    private static readonly BicepFile Rbac = BicepFile.Load("infra/modules/rbac.bicep");
    private static readonly BicepFile RoleAssignment = BicepFile.Load("infra/modules/role-assignment.bicep");
    private static readonly BicepFile FunctionApp = BicepFile.Load("infra/modules/functionapp.bicep");

    public static TheoryData<string> Files => new(BicepFile.All.Select(f => f.RelativePath));

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_parameter_and_output_is_described_as_required_or_optional(string file)
    {
        var declarations = BicepFile.Load(file).Declarations().ToList();

        Assert.NotEmpty(declarations);
        foreach (var declaration in declarations)
        {
            Assert.True(
                DescribedAsRequiredOrOptional().IsMatch(declaration.Decorators),
                $"{file}: {declaration.Kind} {declaration.Name} needs @description('Required. …') or @description('Optional. …').");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Optional_parameters_have_defaults_and_required_ones_do_not(string file)
    {
        foreach (var parameter in BicepFile.Load(file).Parameters())
        {
            var optional = parameter.Decorators.Contains("@description('Optional.", StringComparison.Ordinal);
            Assert.True(
                optional == (parameter.HasDefault || parameter.IsNullable),
                $"{file}: param {parameter.Name} is {(optional ? "Optional but has no default" : "Required but has a default")}.");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_module_exists_and_receives_exactly_the_parameters_it_declares(string file)
    {
        foreach (var (symbol, path, passed) in BicepFile.Load(file).Modules())
        {
            Assert.True(File.Exists(RepositoryFiles.PathOf(path)), $"{file}: module {symbol} points at {path}, which does not exist.");
            var module = BicepFile.Load(path);
            var declared = module.Parameters().ToList();

            Assert.Empty(passed.Except(declared.Select(p => p.Name)));
            Assert.Empty(declared.Where(p => !p.HasDefault && !p.IsNullable).Select(p => p.Name).Except(passed));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_module_output_that_is_used_is_declared(string file)
    {
        var bicep = BicepFile.Load(file);
        var modules = bicep.Modules().ToDictionary(m => m.Symbol, m => BicepFile.Load(m.Path));

        foreach (Match use in ModuleOutputUse().Matches(bicep.Text))
        {
            var module = modules[use.Groups[1].Value];
            Assert.Contains(use.Groups[2].Value, module.Outputs().Select(o => o.Name));
        }
    }

    [Fact]
    public void The_parameters_file_sets_only_declared_parameters_and_no_secrets()
    {
        var file = RepositoryFiles.ReadJsonObject("infra/main.parameters.json");
        var declared = Main.Parameters().ToDictionary(p => p.Name);
        var set = file["parameters"]!.AsObject().Select(pair => pair.Key).ToList();

        Assert.NotEmpty(set);
        Assert.All(set, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare."));
        Assert.All(set, name => Assert.DoesNotContain("@secure()", declared[name].Decorators, StringComparison.Ordinal));
    }

    [Fact]
    public void The_deployment_creates_its_resource_group_and_names_everything_from_one_token()
    {
        Assert.Contains("targetScope = 'subscription'", Main.Text, StringComparison.Ordinal);
        Assert.Contains("resource rg 'Microsoft.Resources/resourceGroups@", Main.Text, StringComparison.Ordinal);
        Assert.Contains(
            "var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))",
            Main.Text,
            StringComparison.Ordinal);
        foreach (var (symbol, _, _) in Main.Modules())
        {
            Assert.Contains("scope: rg", Main.Block($"module {symbol} "), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_storage_account_accepts_only_entra_id_and_tls_1_2_and_has_no_public_blobs()
    {
        var account = Storage.Block("resource account ");

        Assert.Contains("allowSharedKeyAccess: false", account, StringComparison.Ordinal);
        Assert.Contains("allowBlobPublicAccess: false", account, StringComparison.Ordinal);
        Assert.Contains("minimumTlsVersion: 'TLS1_2'", account, StringComparison.Ordinal);
        Assert.Contains("supportsHttpsTrafficOnly: true", account, StringComparison.Ordinal);
        Assert.Contains("publicAccess: 'None'", Storage.Block("resource deploymentContainer "), StringComparison.Ordinal);
    }

    [Fact]
    public void Application_insights_accepts_only_entra_id_authenticated_telemetry()
    {
        Assert.Matches(DisableLocalAuth(), Monitoring.Block("resource appInsights "));
        Assert.Contains("Authorization=AAD", FunctionApp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_vault_uses_rbac_and_purge_protection_and_the_app_reads_it_as_its_identity()
    {
        var vault = KeyVault.Block("resource vault ");

        Assert.Contains("enableRbacAuthorization: true", vault, StringComparison.Ordinal);
        Assert.Contains("enablePurgeProtection: true", vault, StringComparison.Ordinal);
        Assert.Contains("keyVaultReferenceIdentity: identity.id", FunctionApp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_secure_parameters_and_reach_the_app_only_as_key_vault_references()
    {
        var secureParameters = Main.Parameters().Where(p => p.Decorators.Contains("@secure()", StringComparison.Ordinal));

        Assert.Equal(["adminKey", "pseudonymizationKeys"], secureParameters.Select(p => p.Name));
        Assert.DoesNotMatch(SecretParameterUse(), FunctionApp.Text);
        Assert.Equal(2, KeyVaultReference().Matches(FunctionApp.Text).Count);
    }

    [Fact]
    public void The_function_app_runs_the_custom_handler_on_flex_consumption_deployed_with_its_identity()
    {
        var plan = FunctionApp.Block("resource plan ");
        var app = FunctionApp.Block("resource app ");

        Assert.Contains("tier: 'FlexConsumption'", plan, StringComparison.Ordinal);
        Assert.Contains("name: 'FC1'", plan, StringComparison.Ordinal);
        Assert.Contains("reserved: true", plan, StringComparison.Ordinal);
        Assert.Contains("kind: 'functionapp,linux'", app, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssigned'", app, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssignedIdentity'", app, StringComparison.Ordinal);
        Assert.Contains("type: 'blobContainer'", app, StringComparison.Ordinal);
        Assert.Matches(CustomRuntime(), app);
        Assert.Contains("scaleAndConcurrency: {", app, StringComparison.Ordinal);
        Assert.Contains("httpsOnly: true", app, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_assignments_are_made_in_one_loop_over_one_table()
    {
        var loops = BicepFile.All.SelectMany(f => RoleLoop().Matches(f.Text).Select(_ => f.RelativePath)).ToList();
        var declaringFiles = BicepFile.All
            .Where(f => f.Text.Contains("'Microsoft.Authorization/roleAssignments@", StringComparison.Ordinal))
            .Select(f => f.RelativePath);

        Assert.Equal(["infra/modules/rbac.bicep"], loops);
        Assert.Equal(["infra/modules/role-assignment.bicep"], declaringFiles);
    }

    [Fact]
    public void Each_role_assignment_is_named_from_its_scope_principal_and_role()
    {
        var declarations = RoleAssignmentDeclaration().Matches(RoleAssignment.Text).ToList();

        Assert.Equal(3, declarations.Count);
        foreach (Match declaration in declarations)
        {
            var block = RoleAssignment.Block(declaration.Value);
            var scope = ScopeLine().Match(block).Groups[1].Value;
            Assert.Contains($"name: guid({scope}.id, principalId, roleDefinitionResourceId)", block, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_identity_gets_only_the_roles_it_needs_each_on_the_one_resource_that_needs_it()
    {
        var roleIds = RoleId().Matches(Rbac.Block("var roles = {")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var rows = AssignmentRow().Matches(Rbac.Block("var assignments = ["))
            .Select(m => (Scope: m.Groups[1].Value, Role: roleIds[m.Groups[2].Value]))
            .OrderBy(r => r.Role, StringComparer.Ordinal)
            .ToList();

        (string Scope, string Role)[] expected =
        [
            ("storageAccount", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"), // Storage Table Data Contributor
            ("appInsights", "3913510d-42f4-4e42-8a64-420c390055eb"), // Monitoring Metrics Publisher
            ("keyVault", "4633458b-17de-408a-b874-0445c86b69e6"), // Key Vault Secrets User
            ("storageAccount", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"), // Storage Queue Data Contributor
            ("storageAccount", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"), // Storage Blob Data Owner
        ];
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void The_storage_module_provisions_the_tables_the_service_uses()
    {
        Assert.Equal(
            Telemetry.Services.Storage.StorageNames.Tables.Order(StringComparer.Ordinal),
            QuotedItems(Storage.Block("var tableNames = [")).Order(StringComparer.Ordinal));
    }

    internal static IReadOnlyList<string> QuotedItems(string block) =>
        QuotedItem().Matches(block).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"@description\('(Required|Optional)\. .+'\)")]
    private static partial Regex DescribedAsRequiredOrOptional();

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\.outputs\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ModuleOutputUse();

    [GeneratedRegex(@"disableLocalAuth:\s*true", RegexOptions.IgnoreCase)]
    private static partial Regex DisableLocalAuth();

    [GeneratedRegex(@"'@Microsoft\.KeyVault\(SecretUri=\$\{[A-Za-z\[\]]+\}\)'")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"\b(adminKey|pseudonymizationKeys)\b")]
    private static partial Regex SecretParameterUse();

    [GeneratedRegex(@"runtime:\s*\{\s*name:\s*'custom'\s*version:\s*'1\.0'\s*\}")]
    private static partial Regex CustomRuntime();

    [GeneratedRegex(@"^module\s+\w+\s+'role-assignment\.bicep'\s*=\s*\[\s*for\s", RegexOptions.Multiline)]
    private static partial Regex RoleLoop();

    [GeneratedRegex(@"^resource\s+\w+\s+'Microsoft\.Authorization/roleAssignments@[^']+'\s*=", RegexOptions.Multiline)]
    private static partial Regex RoleAssignmentDeclaration();

    [GeneratedRegex(@"scope:\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ScopeLine();

    [GeneratedRegex(@"(\w+):\s*'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'")]
    private static partial Regex RoleId();

    [GeneratedRegex(@"scopeKind:\s*'(\w+)'\s*\n\s*scopeName:\s*\w+\s*\n\s*roleDefinitionId:\s*roles\.(\w+)")]
    private static partial Regex AssignmentRow();

    [GeneratedRegex(@"^\s*'([^']+)'\s*$", RegexOptions.Multiline)]
    private static partial Regex QuotedItem();
}
