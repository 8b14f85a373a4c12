// The integration tests start PostgreSQL, Redis and the services as real processes on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
