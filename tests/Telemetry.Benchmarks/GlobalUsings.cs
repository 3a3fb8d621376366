global using Telemetry.Core;
