namespace Reference.Placement.Tests;

// Seeds 1..count as theory data: each random instance is its own test case, so a failure names its seed.
internal static class SeedRange
{
    public static TheoryData<int> Of(int count)
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= count; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }
}
