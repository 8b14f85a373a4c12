namespace Reference.Observability.Ingest;

// PostgreSQL text cannot hold NUL; telemetry strings come from anywhere, so they are cleaned rather than rejected.
internal static class StoredText
{
    public static string Clean(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;
}
