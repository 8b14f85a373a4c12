// The tests start real PostgreSQL and Redis servers from Linux distribution packages.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
