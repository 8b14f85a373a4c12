namespace Reference.Observability.Storage;

internal static class TraceIds
{
    public static bool TryParse(string? text, out byte[] id)
    {
        id = [];
        if (text is not { Length: 32 })
        {
            return false;
        }
        try
        {
            id = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
