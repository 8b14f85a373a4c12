// The benchmarks start PostgreSQL, Redis and services as Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
