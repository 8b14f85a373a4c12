using Reference.ServiceDefaults.Persistence;

namespace Reference.ServiceDefaults.Tests.Persistence;

public class PagingTests
{
    private sealed record Cursor(string Name, long Id);

    [Fact]
    public void A_token_carries_its_cursor_back()
    {
        var errors = new ValidationErrors();
        Assert.True(Paging.TryParse(50, PageToken.Encode(new Cursor("m", 7)), errors, out var size, out Cursor? cursor));
        Assert.Equal(50, size);
        Assert.Equal(new Cursor("m", 7), cursor);
    }

    [Theory]
    [InlineData(0, null, "pageSize")]
    [InlineData(1001, null, "pageSize")]
    [InlineData(10, "not-a-token!", "pageToken")]
    public void Bad_paging_names_the_field(int pageSize, string? token, string field)
    {
        var errors = new ValidationErrors();
        Assert.False(Paging.TryParse<Cursor>(pageSize, token, errors, out _, out _));
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void The_default_page_size_is_100() =>
        Assert.True(Paging.TryParse<Cursor>(null, null, new ValidationErrors(), out var size, out _) && size == 100);
}
