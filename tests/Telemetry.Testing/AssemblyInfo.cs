namespace Telemetry.Testing;
