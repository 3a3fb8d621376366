// The user-assigned identity the function app runs as: host storage, the service's queues and tables,
// Key Vault references and Application Insights ingestion all authenticate with it.

@description('Required. Name of the identity.')
param name string

@description('Required. Azure region.')
param location string

@description('Optional. Tags for the identity.')
param tags { *: string } = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Required. Name of the identity.')
output name string = identity.name

@description('Required. Client id of the identity (AzureWebJobsStorage__clientId and the App Insights authentication string).')
output clientId string = identity.properties.clientId

@description('Required. Principal (object) id of the identity, for role assignments.')
output principalId string = identity.properties.principalId
