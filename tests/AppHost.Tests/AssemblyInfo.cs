// These tests start the AppHost's real topology: PostgreSQL and Redis from Linux packages and every service.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
