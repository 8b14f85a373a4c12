using System.Text;
using Reference.Learning.Data;

namespace Reference.Learning.Tests.Data;

public class TabularDataBuilderTests
{
    [Fact]
    public void Appends_records_into_typed_columns_with_missing_cells()
    {
        var builder = new TabularDataBuilder();
        builder.Append(new Dictionary<string, object?> { ["amount"] = 12.5, ["count"] = 3L, ["fraud"] = true, ["country"] = "FR" });
        builder.Append(new Dictionary<string, object?> { ["amount"] = null, ["count"] = 4L, ["fraud"] = false, ["country"] = "DE" });
        builder.Append(new Dictionary<string, object?> { ["count"] = 5L, ["country"] = "FR", ["late"] = 1.0 });
        var table = builder.Build();

        Assert.Equal(3, table.RowCount);
        var amount = Assert.IsType<NumericColumn>(table["amount"]);
        Assert.Equal(ColumnType.Float64, amount.Type);
        Assert.Equal(12.5, amount.Values.Span[0]);
        Assert.True(amount.IsMissing(1));
        Assert.True(amount.IsMissing(2));
        Assert.Equal(ColumnType.Int64, table["count"].Type);
        Assert.Equal(ColumnType.Bool, table["fraud"].Type);
        Assert.True(table["fraud"].IsMissing(2));
        var country = Assert.IsType<CategoricalColumn>(table["country"]);
        Assert.Equal(["FR", "DE"], country.Vocabulary.Categories);
        Assert.Equal([0, 1, 0], country.Codes.ToArray());
        Assert.Equal(2, table["late"].CountMissing()); // a column first seen on row 3 is missing before it
    }

    [Fact]
    public void A_string_in_a_numeric_column_is_rejected_with_row_and_column()
    {
        var builder = new TabularDataBuilder();
        builder.Append(new Dictionary<string, object?> { ["amount"] = 1.0 });
        var error = Assert.Throws<FormatException>(() => builder.Append(new Dictionary<string, object?> { ["amount"] = "lots" }));
        Assert.Contains("Row 2", error.Message);
        Assert.Contains("amount", error.Message);
    }

    [Fact]
    public void Mixed_integer_and_fractional_numbers_widen_to_float64()
    {
        var builder = new TabularDataBuilder();
        builder.Append(new Dictionary<string, object?> { ["x"] = 1L });
        builder.Append(new Dictionary<string, object?> { ["x"] = 2.5 });
        Assert.Equal(ColumnType.Float64, builder.Build()["x"].Type);
    }

    [Fact]
    public void Declared_timestamp_columns_parse_rfc3339_strings_to_unix_seconds()
    {
        var builder = new TabularDataBuilder().DeclareColumn("ts", ColumnType.Timestamp);
        builder.Append(new Dictionary<string, object?> { ["ts"] = "1970-01-01T00:01:00Z" });
        builder.Append(new Dictionary<string, object?> { ["ts"] = "2024-05-01T10:00:00+02:00" });
        var ts = Assert.IsType<NumericColumn>(builder.Build()["ts"]);
        Assert.Equal(60, ts.Values.Span[0]);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), ts.Values.Span[1]);
    }

    [Fact]
    public void Table_to_training_set_shares_numeric_columns_and_codes_categories()
    {
        var builder = new TabularDataBuilder();
        builder.Append(new Dictionary<string, object?> { ["x"] = 1.0, ["c"] = "a", ["y"] = true });
        builder.Append(new Dictionary<string, object?> { ["x"] = 2.0, ["c"] = null, ["y"] = false });
        var table = builder.Build();
        var set = table.ToTrainingSet("y");

        Assert.Equal(["x", "c"], set.Features.Features.Select(f => f.Name));
        Assert.Equal([1.0, 0.0], set.Labels.ToArray());
        Assert.True(set.Features.Column(1)[0] == 0 && double.IsNaN(set.Features.Column(1)[1]));
        Assert.True(((NumericColumn)table["x"]).Values.Span == set.Features.Column(0)); // same memory, not a copy
    }
}

public class NdjsonRowReaderTests
{
    private const string Lines = """
        {"card_id": "c1", "amount": 10.5, "count": 2, "is_fraud": false, "ts": "2024-01-01T00:00:00Z"}

        {"card_id": "c2", "amount": null, "count": 7, "is_fraud": true, "ts": "2024-01-02T00:00:00Z"}
        {"card_id": "c1", "count": 1, "is_fraud": false, "ts": "2024-01-03T00:00:00Z", "new_feature": -1e3}
        """;

    [Fact]
    public async Task Reads_flat_records_from_a_stream_split_into_tiny_reads()
    {
        var builder = new TabularDataBuilder().DeclareColumn("ts", ColumnType.Timestamp);
        var rows = await NdjsonRowReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(Lines), 7), builder);
        var table = builder.Build();

        Assert.Equal(3, rows);
        Assert.Equal(3, table.RowCount);
        Assert.Equal(["c1", "c2"], ((CategoricalColumn)table["card_id"]).Vocabulary.Categories);
        Assert.Equal(ColumnType.Int64, table["count"].Type);
        Assert.Equal(7, ((NumericColumn)table["count"]).Values.Span[1]);
        Assert.True(table["amount"].IsMissing(1) && table["amount"].IsMissing(2));
        Assert.Equal(-1000, ((NumericColumn)table["new_feature"]).Values.Span[2]);
        Assert.True(table["new_feature"].IsMissing(0));
        Assert.Equal(ColumnType.Timestamp, table["ts"].Type);
    }

    [Fact]
    public void A_nested_value_is_rejected_with_its_line_number()
    {
        var text = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": {\"nested\": true}}\n";
        var error = Assert.Throws<FormatException>(() => NdjsonRowReader.Read(Encoding.UTF8.GetBytes(text), new TabularDataBuilder()));
        Assert.Contains("Line 3", error.Message);
        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Malformed_json_is_rejected_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => NdjsonRowReader.Read("{\"a\": 1}\n{\"a\": \n"u8, new TabularDataBuilder()));
        Assert.Contains("Line 2", error.Message);
    }

    /// <summary>Returns at most a few bytes per read, so records straddle reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}

public class RowSplitTests
{
    [Fact]
    public void Time_split_puts_the_latest_rows_in_validation_and_keeps_equal_timestamps_together()
    {
        double[] timestamps = [5, 1, 9, 3, 9, 7, 2, 8, 4, 6];
        var split = RowSplit.ByTime(timestamps, 0.2);
        Assert.Equal([2, 4], split.Validation); // the two rows at t = 9
        Assert.Equal(8, split.Train.Length);

        // A boundary inside a run of equal timestamps moves the whole run to validation.
        var tied = RowSplit.ByTime([1, 2, 3, 3, 3, 4], 0.3);
        Assert.Equal([2, 3, 4, 5], tied.Validation);
    }

    [Fact]
    public void Random_split_is_seeded_disjoint_and_complete()
    {
        var a = RowSplit.Random(1000, 0.25, seed: 11);
        var b = RowSplit.Random(1000, 0.25, seed: 11);
        var c = RowSplit.Random(1000, 0.25, seed: 12);
        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Validation, c.Validation);
        Assert.Equal(250, a.Validation.Length);
        Assert.Equal(Enumerable.Range(0, 1000), a.Train.Concat(a.Validation).Order());
    }

    [Fact]
    public void Feature_matrix_wraps_caller_memory_without_copying()
    {
        var block = new double[3 * 4];
        var matrix = FeatureMatrix.FromColumnMajor(block, rowCount: 4, columnCount: 3);
        block[(2 * 4) + 1] = 42; // column 2, row 1
        Assert.Equal(42, matrix.Column(2)[1]);
    }
}
