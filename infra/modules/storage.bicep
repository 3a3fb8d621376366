// The storage account: category queues, the tenant purge queue and their poison queues, the tables, and the blob container that
// Flex Consumption deploys the app package from. Entra ID only: no shared keys, no public blobs.

@minLength(3)
@maxLength(24)
@description('Required. Name of the storage account (3 to 24 lower-case letters and digits).')
param name string

@description('Required. Azure region.')
param location string

@description('Optional. Tags for the storage account.')
param tags { *: string } = {}

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
@description('Optional. Replication of the storage account.')
param skuName string = 'Standard_LRS'

@description('Optional. Name of the blob container that holds the deployment package.')
param deploymentContainerName string = 'app-package'

// The queues the ingestion functions write and the queue functions drain, and the queue of deleted tenants'
// purges; the host moves a message that failed maxDequeueCount times to <queue>-poison.
var queueNames = [
  'telemetry-census'
  'telemetry-census-poison'
  'telemetry-usage'
  'telemetry-usage-poison'
  'telemetry-errors'
  'telemetry-errors-poison'
  'telemetry-tenant-purge'
  'telemetry-tenant-purge-poison'
]

var tableNames = [
  'Census'
  'Usage'
  'ErrorReports'
  'Policies'
  'PolicyAudit'
]

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

@description('Required. Name of the storage account.')
output name string = account.name

@description('Required. Name of the deployment package container.')
output deploymentContainerName string = deploymentContainer.name
