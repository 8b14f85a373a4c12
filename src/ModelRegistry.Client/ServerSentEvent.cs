using System.Runtime.CompilerServices;
using System.Text;

namespace Reference.ModelRegistry.Client;

// One event of a text/event-stream (WHATWG Server-Sent Events): id, event name and data lines.
internal sealed record ServerSentEvent(string? Id, string? Event, string? Data)
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null, name = null;
        StringBuilder? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null || name is not null)
                {
                    yield return new ServerSentEvent(id, name, data?.ToString());
                }
                name = null;
                data = null;
                continue;
            }
            if (line[0] == ':')
            {
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": (data ??= new StringBuilder()).Append(data.Length > 0 ? "\n" : "").Append(value); break;
            }
        }
    }
}
