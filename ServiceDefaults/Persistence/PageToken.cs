using System.Text;
using System.Text.Json;

namespace Reference.ServiceDefaults.Persistence;

/// <summary>Opaque page tokens: a cursor as base64url JSON. Clients pass them back unchanged; they are not a contract.</summary>
public static class PageToken
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Encode(object cursor) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(cursor, cursor.GetType(), Json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode<T>(string? token, out T? cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return false;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            cursor = JsonSerializer.Deserialize<T>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)), Json);
            return cursor is not null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>pageSize and pageToken as CONVENTIONS.md has them: default 100, at most 1000, the token opaque.</summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static bool TryParse<T>(int? pageSize, string? pageToken, ValidationErrors errors, out int size, out T? cursor)
    {
        size = pageSize ?? DefaultPageSize;
        cursor = default;
        var ok = true;
        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be between 1 and {MaxPageSize}; it was {size}.");
            ok = false;
        }

        if (pageToken is not null && !PageToken.TryDecode(pageToken, out cursor))
        {
            errors.Add("pageToken", "pageToken is not one this service issued; pass back the nextPageToken of the previous page unchanged, or leave it out for the first page.");
            ok = false;
        }

        return ok;
    }
}
