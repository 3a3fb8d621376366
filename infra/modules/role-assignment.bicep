// One role assignment on one resource of the resource group. Bicep needs a typed resource as the scope of
// an assignment, so each kind of scope this deployment uses has its own conditional declaration; only the
// one matching scopeKind is deployed (an `existing` reference costs nothing until it is used).

@allowed([
  'storageAccount'
  'keyVault'
  'appInsights'
])
@description('Required. Which kind of resource the assignment is scoped to.')
param scopeKind string

@description('Required. Name of that resource.')
param scopeName string

@description('Required. Principal (object) id that receives the role.')
param principalId string

@description('Required. Id (GUID) of the built-in role definition.')
param roleDefinitionId string

@description('Optional. Why the principal has the role.')
param purpose string = ''

var roleDefinitionResourceId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: scopeName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: scopeName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: scopeName
}

resource onStorageAccount 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (scopeKind == 'storageAccount') {
  scope: storageAccount
  name: guid(storageAccount.id, principalId, roleDefinitionResourceId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionResourceId
    description: purpose
  }
}

resource onVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (scopeKind == 'keyVault') {
  scope: vault
  name: guid(vault.id, principalId, roleDefinitionResourceId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionResourceId
    description: purpose
  }
}

resource onAppInsights 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (scopeKind == 'appInsights') {
  scope: appInsights
  name: guid(appInsights.id, principalId, roleDefinitionResourceId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionResourceId
    description: purpose
  }
}
