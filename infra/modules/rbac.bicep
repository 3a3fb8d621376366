// Least-privilege access for the app's identity, each role on the one resource that needs it.
// Every assignment is one row of the table below; the loop is the only place assignments are made.
// The storage roles are scoped to the account, not to single queues or tables: the host creates its own
// containers and the poison queues, and the app re-creates missing queues and tables, which needs the
// service-level scope. docs/infra.md gives the reason for each row.

@description('Required. Principal (object) id of the app identity.')
param principalId string

@description('Required. Name of the storage account.')
param storageAccountName string

@description('Required. Name of the Key Vault.')
param keyVaultName string

@description('Required. Name of the Application Insights component.')
param appInsightsName string

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var assignments = [
  {
    scopeKind: 'storageAccount'
    scopeName: storageAccountName
    roleDefinitionId: roles.storageBlobDataOwner
    purpose: 'Host leases and keys, deployment package'
  }
  {
    scopeKind: 'storageAccount'
    scopeName: storageAccountName
    roleDefinitionId: roles.storageQueueDataContributor
    purpose: 'Enqueue accepted records, queue triggers, poison queues'
  }
  {
    scopeKind: 'storageAccount'
    scopeName: storageAccountName
    roleDefinitionId: roles.storageTableDataContributor
    purpose: 'Telemetry rows, tenants, policies and audit'
  }
  {
    scopeKind: 'keyVault'
    scopeName: keyVaultName
    roleDefinitionId: roles.keyVaultSecretsUser
    purpose: 'Key Vault references for the admin and pseudonymization keys'
  }
  {
    scopeKind: 'appInsights'
    scopeName: appInsightsName
    roleDefinitionId: roles.monitoringMetricsPublisher
    purpose: 'Entra ID authenticated telemetry ingestion'
  }
]

module assignment 'role-assignment.bicep' = [
  for (item, i) in assignments: {
    name: 'role-${i}-${uniqueString(item.scopeName, item.roleDefinitionId, principalId)}'
    params: {
      scopeKind: item.scopeKind
      scopeName: item.scopeName
      principalId: principalId
      roleDefinitionId: item.roleDefinitionId
      purpose: item.purpose
    }
  }
]

@description('Required. How many role assignments were made.')
output assignmentCount int = length(assignments)
