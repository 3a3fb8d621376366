// Log Analytics and a workspace-based Application Insights that accepts Entra ID authenticated telemetry only.

@description('Required. Name of the Log Analytics workspace.')
param workspaceName string

@description('Required. Name of the Application Insights component.')
param appInsightsName string

@description('Required. Azure region.')
param location string

@description('Optional. Tags for both resources.')
param tags { *: string } = {}

@minValue(30)
@maxValue(730)
@description('Optional. Retention of the workspace in days.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

@description('Required. Name of the Application Insights component.')
output appInsightsName string = appInsights.name
