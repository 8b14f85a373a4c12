namespace Reference.FeatureStore.Client;

// Feast's FieldStatus values that an online read can produce.
public enum OnlineFeatureStatus
{
    Present,
    NullValue,
    NotFound,
    OutsideMaxAge,
}

public static class OnlineFeatureStatusNames
{
    public static string ToWireName(this OnlineFeatureStatus status) => status switch
    {
        OnlineFeatureStatus.Present => "PRESENT",
        OnlineFeatureStatus.NullValue => "NULL_VALUE",
        OnlineFeatureStatus.NotFound => "NOT_FOUND",
        OnlineFeatureStatus.OutsideMaxAge => "OUTSIDE_MAX_AGE",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
