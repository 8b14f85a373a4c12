// The integration tests start PostgreSQL and the registry as real processes on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
