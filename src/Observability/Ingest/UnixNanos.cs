namespace Reference.Observability.Ingest;

internal static class UnixNanos
{
    // Any 64-bit nanosecond count (up to year 2554) fits DateTime and timestamptz; zero means "not set" in OTLP.
    public static bool IsValid(ulong nanos) => nanos > 0;

    public static DateTime ToDateTime(ulong nanos) => DateTime.UnixEpoch.AddTicks((long)(nanos / 100));

    public static ulong FromDateTime(DateTime time) => (ulong)(time.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;
}
