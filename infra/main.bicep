// Everything the telemetry ingestion service needs in Azure, in one resource group:
// storage (queues, tables, deployment container), a user-assigned identity, Key Vault for the secrets,
// Log Analytics + Application Insights, and the function app (.NET isolated worker) on a Flex Consumption plan.
// docs/infra.md describes each resource, parameter, app setting and role.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Required. Name of the environment (for example dev, prod); part of every resource name.')
param environmentName string

@minLength(1)
@description('Required. Azure region for every resource.')
param location string

@description('Optional. Name of the resource group to create; rg-<environmentName> when not given.')
param resourceGroupName string?

@description('Optional. Tags applied to every resource.')
param tags { *: string } = {}

@secure()
@minLength(32)
@description('Required. The admin key that admin routes require in x-admin-key (at least 32 characters). Stored in Key Vault only.')
param adminKey string

@secure()
@description('Required. Pseudonymization keys by version, for example {"v1": "<Base64 of at least 32 bytes>"}. Versions use letters, digits and dashes. Keep every version whose hashes are still in use. Stored in Key Vault only.')
param pseudonymizationKeys { *: string }

@minLength(1)
@description('Required. The version in pseudonymizationKeys that hashes new records.')
param currentPseudonymizationKeyVersion string

@description('Optional. Origins of web pages that call the API from a browser (for example the join launcher pages at https://join.contoso.com), answered by the platform CORS of the function app. Empty: no cross-origin browser calls.')
param corsAllowedOrigins string[] = []

@minValue(1)
@maxValue(30)
@description('Optional. How many seconds a cached ingestion key or policy may be stale (1 to 30).')
param policyCacheSeconds int = 30

@minValue(1)
@maxValue(86400)
@description('Optional. Seconds after a tenant\'s deletion during which its rows are purged and its id stays reserved; cover the longest time a queued record may still land (host.json allows 27.5 minutes).')
param tenantPurgeWindowSeconds int = 1800

@minValue(1)
@maxValue(6000000)
@description('Optional. Sustained ingestion requests per minute that one instance accepts from one tenant.')
param rateLimitRequestsPerMinute int = 6000

@minValue(1)
@maxValue(1000000)
@description('Optional. Ingestion requests a tenant may send at once before the sustained rate applies.')
param rateLimitBurst int = 1000

@minValue(1)
@maxValue(64)
@description('Optional. Table transactions in flight per processed queue message.')
param maxParallelPartitions int = 8

@minValue(1)
@maxValue(1000)
@description('Optional. Upper bound of Flex Consumption instances.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Optional. Memory of each Flex Consumption instance in MB.')
param instanceMemoryMB int = 2048

@minValue(30)
@maxValue(730)
@description('Optional. Log Analytics retention in days.')
param logRetentionInDays int = 30

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, {
  'environment-name': environmentName
})

// Pseudonymization key versions are names; the keys themselves stay secure.
var pseudonymizationKeyVersions = objectKeys(pseudonymizationKeys)

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: resourceGroupName ?? 'rg-${environmentName}'
  location: location
  tags: allTags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: allTags
    adminKey: adminKey
    pseudonymizationKeys: pseudonymizationKeys
    pseudonymizationKeyVersions: pseudonymizationKeyVersions
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    appName: 'func-${resourceToken}'
    location: location
    tags: allTags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    adminKeySecretUri: keyVault.outputs.adminKeySecretUri
    pseudonymizationKeySecrets: keyVault.outputs.pseudonymizationKeySecrets
    currentPseudonymizationKeyVersion: currentPseudonymizationKeyVersion
    corsAllowedOrigins: corsAllowedOrigins
    policyCacheSeconds: policyCacheSeconds
    tenantPurgeWindowSeconds: tenantPurgeWindowSeconds
    rateLimitRequestsPerMinute: rateLimitRequestsPerMinute
    rateLimitBurst: rateLimitBurst
    maxParallelPartitions: maxParallelPartitions
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The app starts reading storage and Key Vault at once: grant access first.
  dependsOn: [
    rbac
  ]
}

@description('Required. Name of the resource group that holds everything.')
output resourceGroupName string = rg.name

@description('Required. Name of the function app (target of the zip deployment).')
output functionAppName string = functionApp.outputs.name

@description('Required. Base URL of the public API, for example https://<host>/api.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Required. Name of the storage account with the queues and tables.')
output storageAccountName string = storage.outputs.name

@description('Required. Name of the Key Vault that holds the admin and pseudonymization keys.')
output keyVaultName string = keyVault.outputs.name

@description('Required. Name of the Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName

@description('Required. Client id of the user-assigned identity the app runs as.')
output identityClientId string = identity.outputs.clientId
