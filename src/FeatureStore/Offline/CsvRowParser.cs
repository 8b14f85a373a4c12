using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Reference.FeatureStore.Offline;

// CSV with a header row naming the columns; empty cells are nulls.
public static class CsvRowParser
{
    public static async Task ParseAsync(TextReader text, RowAssembler rows, CancellationToken cancellationToken)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = null });
        if (!await csv.ReadAsync() || !csv.ReadHeader())
        {
            return;
        }
        var header = csv.HeaderRecord ?? [];
        var columns = new int[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            columns[i] = rows.Layout.IndexOf(header[i].Trim());
            if (columns[i] < 0)
            {
                throw rows.UnknownField(header[i]);
            }
        }

        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.BeginRow();
            for (var i = 0; i < columns.Length; i++)
            {
                rows.SetFromText(columns[i], csv.GetField(i));
            }
            rows.EndRow();
        }
    }
}
