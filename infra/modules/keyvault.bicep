// Key Vault (RBAC mode, purge protection) holding the admin key and the pseudonymization keys. The app reads
// them through Key Vault references; nobody else needs data-plane access.

@minLength(3)
@maxLength(24)
@description('Required. Name of the vault.')
param name string

@description('Required. Azure region.')
param location string

@description('Optional. Tags for the vault.')
param tags { *: string } = {}

@secure()
@description('Required. The admin key.')
param adminKey string

@secure()
@description('Required. Pseudonymization keys by version (Base64 of at least 32 bytes each).')
param pseudonymizationKeys { *: string }

@description('Required. The versions of pseudonymizationKeys (names only, not secret).')
param pseudonymizationKeyVersions string[]

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'telemetry-admin-key'
  properties: {
    value: adminKey
    contentType: 'text/plain'
  }
}

resource pseudonymizationKeySecrets 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = [
  for version in pseudonymizationKeyVersions: {
    parent: vault
    name: 'telemetry-pseudonymization-key-${version}'
    properties: {
      value: pseudonymizationKeys[version]
      contentType: 'application/octet-stream;base64'
    }
  }
]

@description('Required. Name of the vault.')
output name string = vault.name

@description('Required. Versionless URI of the admin key secret (the app follows the latest version).')
output adminKeySecretUri string = adminKeySecret.properties.secretUri

@description('Required. Each pseudonymization key version with the versionless URI of its secret.')
output pseudonymizationKeySecrets { version: string, secretUri: string }[] = [
  for (version, i) in pseudonymizationKeyVersions: {
    version: version
    secretUri: pseudonymizationKeySecrets[i].properties.secretUri
  }
]
