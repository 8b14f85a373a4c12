using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Reference.Observability.Dashboard;

/// <summary>Builds a page: every piece of data goes through <see cref="Text"/> (HTML-encoded), markup through <see cref="Raw"/>.</summary>
internal sealed class Html
{
    private readonly StringBuilder builder = new(16 * 1024);

    public Html Raw(string markup)
    {
        builder.Append(markup);
        return this;
    }

    public Html Text(string? text)
    {
        builder.Append(HtmlEncoder.Default.Encode(text ?? ""));
        return this;
    }

    public Html Element(string tag, string? text, string? cssClass = null)
    {
        builder.Append('<').Append(tag);
        if (cssClass is not null)
        {
            builder.Append(" class=\"").Append(cssClass).Append('"');
        }
        builder.Append('>');
        Text(text);
        builder.Append("</").Append(tag).Append('>');
        return this;
    }

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Url(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Number(double value, string format = "0.###") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Duration(double milliseconds) =>
        milliseconds >= 1000 ? $"{Number(milliseconds / 1000, "0.##")} s" : milliseconds >= 1 ? $"{Number(milliseconds, "0.#")} ms" : $"{Number(milliseconds * 1000, "0")} µs";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z";

    public override string ToString() => builder.ToString();
}
