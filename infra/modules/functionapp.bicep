// The Flex Consumption plan and the function app: a .NET isolated worker (dotnet-isolated 10.0) whose
// package is deployed from a blob container, running as the user-assigned identity for storage, Key Vault
// and Application Insights. App settings are exactly the ones the host and the worker read.

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Name of the function app.')
param appName string

@description('Required. Azure region.')
param location string

@description('Optional. Tags for the plan and the app.')
param tags { *: string } = {}

@description('Required. Name of the user-assigned identity the app runs as.')
param identityName string

@description('Required. Name of the storage account (host storage, queues, tables, deployment container).')
param storageAccountName string

@description('Required. Name of the blob container that holds the deployment package.')
param deploymentContainerName string

@description('Required. Name of the Application Insights component.')
param appInsightsName string

@description('Required. Versionless Key Vault URI of the admin key secret.')
param adminKeySecretUri string

@description('Required. Each pseudonymization key version with the versionless Key Vault URI of its secret.')
param pseudonymizationKeySecrets { version: string, secretUri: string }[]

@description('Required. The pseudonymization key version that hashes new records.')
param currentPseudonymizationKeyVersion string

@description('Optional. Origins allowed to call the API from a browser (platform CORS); empty allows none.')
param corsAllowedOrigins string[] = []

@minValue(1)
@maxValue(30)
@description('Optional. How many seconds a cached ingestion key or policy may be stale.')
param policyCacheSeconds int = 30

@minValue(1)
@maxValue(86400)
@description('Optional. Seconds after a tenant\'s deletion during which its rows are purged.')
param tenantPurgeWindowSeconds int = 1800

@minValue(1)
@maxValue(6000000)
@description('Optional. Sustained ingestion requests per minute per tenant and instance.')
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
@description('Optional. Upper bound of instances.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Optional. Memory of each instance in MB.')
param instanceMemoryMB int = 2048

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Identity-based host storage: no connection string, no account key (shared key access is off).
// The host uses blobs (leases, keys) and queues; the worker uses queues and tables.
var storageSettings = [
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.properties.primaryEndpoints.blob
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.properties.primaryEndpoints.queue
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.properties.primaryEndpoints.table
  }
]

// Logs, traces and metrics of the host and of the worker's OpenTelemetry exporter go to Application
// Insights, which accepts Entra ID authenticated telemetry only: the identity publishes it.
var monitoringSettings = [
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
]

// The service's own settings (README, "Settings"); secrets only as Key Vault references resolved with the identity.
var serviceSettings = [
  {
    name: 'Telemetry__AdminKey'
    value: '@Microsoft.KeyVault(SecretUri=${adminKeySecretUri})'
  }
  {
    name: 'Telemetry__Pseudonymization__CurrentKey'
    value: currentPseudonymizationKeyVersion
  }
  {
    name: 'Telemetry__PolicyCacheSeconds'
    value: string(policyCacheSeconds)
  }
  {
    name: 'Telemetry__TenantPurgeWindowSeconds'
    value: string(tenantPurgeWindowSeconds)
  }
  {
    name: 'Telemetry__RateLimit__RequestsPerMinute'
    value: string(rateLimitRequestsPerMinute)
  }
  {
    name: 'Telemetry__RateLimit__Burst'
    value: string(rateLimitBurst)
  }
  {
    name: 'Telemetry__Processing__MaxParallelPartitions'
    value: string(maxParallelPartitions)
  }
]

// One setting per key version; every version stays readable so that older hashes can still be matched.
var pseudonymizationKeySettings = [
  for key in pseudonymizationKeySecrets: {
    name: 'Telemetry__Pseudonymization__Keys__${key.version}'
    value: '@Microsoft.KeyVault(SecretUri=${key.secretUri})'
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      // Browser clients on other origins: the platform answers preflight requests and adds the CORS headers.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
      appSettings: concat(storageSettings, monitoringSettings, serviceSettings, pseudonymizationKeySettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption lists dotnet-isolated 10.0 among its runtimes (docs/infra.md, "Runtime").
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments authenticate with Entra ID; publishing user names and passwords stay off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Required. Name of the function app.')
output name string = app.name

@description('Required. Default host name of the function app.')
output defaultHostName string = app.properties.defaultHostName
