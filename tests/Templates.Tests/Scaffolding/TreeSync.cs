namespace Reference.Templates.Tests.Scaffolding;

// Makes a built tree's sources equal to another scaffold's, touching only files whose content differs, so that an
// incremental build recompiles just the projects the other options change. Build output and run state are left alone.
internal static class TreeSync
{
    public static void Mirror(string source, string target)
    {
        Directory.CreateDirectory(target);
        var wanted = Files(source).ToHashSet(StringComparer.Ordinal);
        foreach (var relative in wanted)
        {
            var bytes = File.ReadAllBytes(Path.Combine(source, relative));
            var to = Path.Combine(target, relative);
            if (!File.Exists(to) || !bytes.AsSpan().SequenceEqual(File.ReadAllBytes(to)))
            {
                // Written, not copied: a copy keeps the source's (older) time, and the build would think it up to date.
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.WriteAllBytes(to, bytes);
            }
        }

        foreach (var relative in Files(target).Where(f => !wanted.Contains(f)))
        {
            File.Delete(Path.Combine(target, relative));
        }
    }

    private static IEnumerable<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".platform"));
}
