namespace Vigil.Testing;

/// <summary>
/// Finds the public benchmark data that sits next to a developer's checkout in <c>../shared</c>.
/// A user's clone has none: tests that need it call <see cref="RequireDirectory"/> and are skipped with a clear message.
/// </summary>
internal static class SharedData
{
    /// <summary>The repository root: the nearest directory above the test binaries that holds <c>Vigil.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>../shared</c> next to the repository root, or null when it is absent.</summary>
    public static string? Root
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The absolute path of <paramref name="relative"/> under <c>../shared</c>; skips the calling test when it is absent.</summary>
    public static string RequireDirectory(string relative)
    {
        var root = Root;
        var path = root is null ? null : Path.Combine(root, relative);
        if (path is null || !(Directory.Exists(path) || File.Exists(path)))
        {
            Assert.Skip($"needs ../shared/{relative} next to the checkout (benchmark data is not part of the repository)");
        }
        return path!;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Vigil.slnx above {AppContext.BaseDirectory}");
    }
}
